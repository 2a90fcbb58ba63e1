package io.rolestack.mariadb.tls;

import io.rolestack.core.secrets.FileSecretStore;
import io.rolestack.core.secrets.Secret;
import io.rolestack.core.secrets.SecretStore;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The secrets of one environment's database cluster, kept in a {@link SecretStore}
 * (by default the file store {@code ~/.config/rolestack/secrets/<env>/}, outside any
 * repository): the CA key and certificate, the CA bundle hosts trust, issued
 * server/client certificates and the replication password. Nothing here is ever logged.
 *
 * <p>The CA is one secret, {@code ca.pem} (certificate then key), replaced by one
 * write, so a crash can never pair a key with another CA's certificate;
 * {@code ca.crt} is a copy of its certificate for people. Every write order
 * below leaves a usable store when interrupted at any point.
 *
 * <p>A CA is never made on the side: {@link #ca()} fails on a store without
 * one, and only {@link #createCaIfAbsent()} makes one, under the store's lock
 * (two first runs make one CA) — and only once the hosts were read and trust
 * no CA ({@link TrustCheck}), so a lost or wrong store cannot replace the CA
 * every host trusts.
 *
 * <p>Rotation without losing replication: {@link #rotateCa()} makes a new CA
 * and <em>appends</em> it to the bundle (old CA still trusted), and every leaf
 * certificate is then re-issued by the new CA on the next run; once every host
 * has the new leaves, {@link #retireOldCas()} drops the old CA from the bundle.
 *
 * <p>A read-only store (a Jenkins credentials binding) must hold the CA and the
 * passwords; what can be derived again (bundle, leaf certificates) it does not
 * hold is kept in memory for this run only.
 */
public final class CaStore {
    /** Leaves closer than this to expiry are re-issued. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    static final String CA = "ca.pem";
    static final String CA_CRT = "ca.crt";
    static final String OLD_KEY = "ca.key";
    static final String BUNDLE = "ca-bundle.crt";
    static final String REPLICATION_PASSWORD = "replication.password";
    static final String APP_PASSWORD = "app.password";
    private static final String ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final SecretStore store;
    private final String environment;
    private final Clock clock;
    /** Derived values a read-only store cannot keep: for this run only. */
    private final Map<String, Secret> unsaved = new HashMap<>();
    private CertificateAuthority ca;

    public CaStore(SecretStore store, String environment, Clock clock) {
        this.store = java.util.Objects.requireNonNull(store, "store");
        this.environment = java.util.Objects.requireNonNull(environment, "environment");
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    public static CaStore of(SecretStore store, String environment) {
        return new CaStore(store, environment, Clock.systemUTC());
    }

    /** The file store in {@code dir} (created 0700 when missing; refused when others can read it). */
    public static CaStore open(Path dir, String environment, Clock clock) {
        return new CaStore(FileSecretStore.open(dir), environment, clock);
    }

    public static CaStore open(Path dir, String environment) {
        return open(dir, environment, Clock.systemUTC());
    }

    /** The default place: {@code ~/.config/rolestack/secrets/<environment>}. */
    public static Path defaultDir(String environment) {
        return FileSecretStore.defaultDir(environment);
    }

    public SecretStore store() {
        return store;
    }

    /** Names the store for messages ({@link SecretStore#describe()}). */
    public String describe() {
        return store.describe();
    }

    /** The current CA when the store has one; never makes one. */
    public synchronized Optional<CertificateAuthority> existingCa() {
        if (ca != null) return Optional.of(ca);
        Optional<Secret> pem = get(CA);
        if (pem.isPresent()) {
            String text = pem.get().value();
            int k = text.indexOf("-----BEGIN PRIVATE KEY-----");
            if (k < 0) throw new TlsException(store.describe() + ": no private key in " + CA);
            ca = CertificateAuthority.load(text.substring(0, k), new Secret(text.substring(k)), where(CA), clock);
        } else {
            Optional<Secret> oldCrt = get(CA_CRT);
            Optional<Secret> oldKey = get(OLD_KEY);
            if (oldCrt.isEmpty() || oldKey.isEmpty()) return Optional.empty();
            // A store from before ca.pem: same CA, now kept in one secret.
            ca = CertificateAuthority.load(oldCrt.get().value(), oldKey.get(), where(CA_CRT) + " / " + OLD_KEY, clock);
            keep(CA, caSecret(ca));
        }
        if (store.writable()) store.delete(OLD_KEY);
        // Derived values, repaired from ca.pem when a crash came between the writes.
        if (!get(CA_CRT).map(Secret::value).orElse("").equals(ca.certificatePem())) keep(CA_CRT, new Secret(ca.certificatePem()));
        String trusted = get(BUNDLE).map(Secret::value).orElse("");
        if (!trusted.contains(ca.certificatePem().strip())) keep(BUNDLE, new Secret(ca.certificatePem() + trusted));
        return Optional.of(ca);
    }

    /** The current CA; a store without one is an error (see {@link #createCaIfAbsent()}). */
    public synchronized CertificateAuthority ca() {
        return existingCa().orElseThrow(() -> new TlsException(store.describe() + " has no CA (" + CA
                + "); it is created only by a run that first checked no DB host trusts a CA (MariaDbCluster.replicate)"));
    }

    /**
     * The store's CA, made now if it has none: under the store's lock, so two
     * first runs at once make one CA. Call it only when no host trusts a CA
     * yet ({@link TrustCheck.Verdict#FIRST_RUN}).
     */
    public synchronized CertificateAuthority createCaIfAbsent() {
        return store.withLock(() -> {
            Optional<CertificateAuthority> existing = existingCa();
            if (existing.isPresent()) return existing.get();
            store.createIfAbsent(CA, () -> caSecret(CertificateAuthority.create(environment, clock)));
            return ca();
        });
    }

    /** Every CA certificate hosts must trust (the current one first), as one PEM text. */
    public synchronized String caBundlePem() {
        ca();
        return get(BUNDLE).orElseThrow().value();
    }

    public synchronized List<X509Certificate> trustedCas() {
        return Pem.certificates(caBundlePem(), where(BUNDLE));
    }

    /** The CAs this store trusts; empty for a store without a CA (never makes one). */
    public synchronized List<X509Certificate> knownCas() {
        return existingCa().isPresent() ? trustedCas() : List.of();
    }

    /** The server certificate for a host, re-issued when missing, from an older CA, near expiry or with other names. */
    public synchronized IssuedCertificate serverCertificate(String fqdn, List<String> dnsNames, List<String> ipAddresses) {
        Set<String> wanted = new HashSet<>();
        dnsNames.forEach(d -> wanted.add("2:" + d));
        ipAddresses.forEach(i -> wanted.add("7:" + i));
        return leaf("server-" + fqdn, c -> sanOf(c).equals(wanted), () -> ca().issueServer(fqdn, dnsNames, ipAddresses));
    }

    /** The client certificate the replication user presents (REQUIRE X509). */
    public synchronized IssuedCertificate clientCertificate(String user) {
        return leaf("client-" + user, c -> true, () -> ca().issueClient(user));
    }

    /** The replication user's password, generated (32 characters) once, under the store's lock. */
    public synchronized Secret replicationPassword() {
        return password(REPLICATION_PASSWORD);
    }

    /** The application account's password ({@code app.password}), generated once like the replication one. */
    public synchronized Secret appPassword() {
        return password(APP_PASSWORD);
    }

    private Secret password(String name) {
        return new Secret(store.createIfAbsent(name, () -> {
            SecureRandom r = new SecureRandom();
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 32; i++) b.append(ALNUM.charAt(r.nextInt(ALNUM.length())));
            return new Secret(b + "\n");
        }).value().strip());
    }

    /**
     * The password of app {@code app}'s own database account ({@code app-db-APP.password}), generated once like the
     * others; a read-only store (a Jenkins credential) must already hold it.
     */
    public synchronized Secret appDatabasePassword(String app) {
        if (!app.matches("[a-z0-9][a-z0-9_-]*")) throw new IllegalArgumentException("not an app name: " + app);
        return password("app-db-" + app + ".password");
    }

    /** Starts a rotation: a new current CA, appended to the bundle so the old one stays trusted. */
    public synchronized void rotateCa() {
        if (!store.writable()) {
            throw new TlsException(store.describe() + " is read-only: rotate the CA with the writable store it came from, then update "
                    + store.describe());
        }
        store.withLock(() -> {
            String oldBundle = caBundlePem();
            CertificateAuthority next = CertificateAuthority.create(environment, clock);
            // Trust first, then use: a crash between the two leaves an extra trusted CA, never an untrusted one.
            keep(BUNDLE, new Secret(next.certificatePem() + oldBundle));
            store.write(CA, caSecret(next));
            keep(CA_CRT, new Secret(next.certificatePem()));
            ca = next;
            return null;
        });
    }

    /** Ends a rotation: only the current CA stays in the bundle. Run once every host has leaves from it. */
    public synchronized void retireOldCas() {
        keep(BUNDLE, new Secret(ca().certificatePem()));
    }

    private interface Check {
        boolean ok(X509Certificate c) throws CertificateParsingException;
    }

    private IssuedCertificate leaf(String base, Check matches, Supplier<IssuedCertificate> issue) {
        String crtName = base + ".crt";
        String keyName = base + ".key";
        Optional<Secret> crt = get(crtName);
        Optional<Secret> key = get(keyName);
        if (crt.isPresent() && key.isPresent()) {
            X509Certificate c = Pem.certificates(crt.get().value(), where(crtName)).get(0);
            boolean fresh = c.getNotAfter().toInstant().isAfter(clock.instant().plus(RENEW_BEFORE));
            try {
                if (fresh && ca().signed(c) && matches.ok(c)) {
                    return new IssuedCertificate(c, crt.get().value(), key.get());
                }
            } catch (CertificateParsingException e) {
                // unreadable extensions: re-issue below
            }
        }
        IssuedCertificate issued = issue.get();
        keep(keyName, issued.privateKeyPem());
        keep(crtName, new Secret(issued.certificatePem()));
        return issued;
    }

    private static Secret caSecret(CertificateAuthority c) {
        return new Secret(c.certificatePem() + c.privateKeyPem().value());
    }

    private Optional<Secret> get(String name) {
        Secret s = unsaved.get(name);
        return s != null ? Optional.of(s) : store.read(name);
    }

    /** Stores a value; one a read-only store cannot keep is kept for this run. */
    private void keep(String name, Secret value) {
        if (store.writable()) {
            store.write(name, value);
        } else if (!store.read(name).equals(Optional.of(value))) {
            unsaved.put(name, value);
        }
    }

    private String where(String name) {
        return store.describe() + ": " + name;
    }

    private static Set<String> sanOf(X509Certificate c) throws CertificateParsingException {
        Set<String> out = new HashSet<>();
        Collection<List<?>> sans = c.getSubjectAlternativeNames();
        if (sans != null) for (List<?> s : sans) out.add(s.get(0) + ":" + s.get(1));
        return out;
    }

    @Override
    public String toString() {
        return "CaStore[" + store.describe() + "]";
    }
}
