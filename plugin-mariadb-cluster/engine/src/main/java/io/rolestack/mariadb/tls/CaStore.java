package io.rolestack.mariadb.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The secrets of one environment's database cluster, kept in a directory of
 * the caller's choosing (by default {@code ~/.config/rolestack/secrets/<env>/},
 * outside any repository): the CA key and certificate, the CA bundle hosts
 * trust, issued server/client certificates and the replication password.
 * The directory is 0700 and every file 0600; nothing here is ever logged.
 *
 * <p>The CA is one file, {@code ca.pem} (certificate then key), replaced by one
 * rename, so a crash can never pair a key with another CA's certificate;
 * {@code ca.crt} is a copy of its certificate for people. Every write order
 * below leaves a usable store when interrupted at any point.
 *
 * <p>Rotation without losing replication: {@link #rotateCa()} makes a new CA
 * and <em>appends</em> it to the bundle (old CA still trusted), and every leaf
 * certificate is then re-issued by the new CA on the next run; once every host
 * has the new leaves, {@link #retireOldCas()} drops the old CA from the bundle.
 */
public final class CaStore {
    /** Leaves closer than this to expiry are re-issued. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final String ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final Path dir;
    private final String environment;
    private final Clock clock;
    private CertificateAuthority ca;

    private CaStore(Path dir, String environment, Clock clock) {
        this.dir = dir;
        this.environment = environment;
        this.clock = clock;
    }

    /** The default place: {@code ~/.config/rolestack/secrets/<environment>}. */
    public static Path defaultDir(String environment) {
        return Path.of(System.getProperty("user.home"), ".config", "rolestack", "secrets", environment);
    }

    /** Opens (creating when missing, 0700) the store; refuses a directory others can read. */
    public static CaStore open(Path dir, String environment, Clock clock) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, DIR_MODE);
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
            for (PosixFilePermission p : perms) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    throw new TlsException("secrets directory " + dir + " is accessible by others ("
                            + PosixFilePermissions.toString(perms) + "); run: chmod 700 " + dir);
                }
            }
        } catch (IOException e) {
            throw new TlsException("cannot create secrets directory " + dir + ": " + e.getMessage(), e);
        }
        return new CaStore(dir, environment, clock);
    }

    public static CaStore open(Path dir, String environment) {
        return open(dir, environment, Clock.systemUTC());
    }

    public Path dir() {
        return dir;
    }

    /** The current CA, created on first use. */
    public synchronized CertificateAuthority ca() {
        if (ca != null) return ca;
        Path pem = dir.resolve("ca.pem");
        Path oldKey = dir.resolve("ca.key");
        Path oldCrt = dir.resolve("ca.crt");
        if (Files.exists(pem)) {
            String text = read(pem);
            int k = text.indexOf("-----BEGIN PRIVATE KEY-----");
            if (k < 0) throw new TlsException(pem + ": no private key in the CA file");
            ca = CertificateAuthority.load(text.substring(0, k), new Secret(text.substring(k)), pem.toString(), clock);
        } else if (Files.exists(oldCrt) && Files.exists(oldKey)) {
            // A store from before ca.pem: same CA, now kept in one file.
            ca = CertificateAuthority.load(read(oldCrt), new Secret(read(oldKey)), oldCrt + " / " + oldKey, clock);
            writeCa(ca);
        } else {
            ca = CertificateAuthority.create(environment, clock);
            writeCa(ca);
        }
        deleteIfExists(oldKey);
        // Derived files, repaired from ca.pem when a crash came between the writes.
        if (!Files.exists(oldCrt) || !read(oldCrt).equals(ca.certificatePem())) write(oldCrt, ca.certificatePem());
        Path bundle = dir.resolve("ca-bundle.crt");
        String trusted = Files.exists(bundle) ? read(bundle) : "";
        if (!trusted.contains(ca.certificatePem().strip())) write(bundle, ca.certificatePem() + trusted);
        return ca;
    }

    private void writeCa(CertificateAuthority c) {
        write(dir.resolve("ca.pem"), c.certificatePem() + c.privateKeyPem().value());
    }

    /** Every CA certificate hosts must trust (the current one first), as one PEM file. */
    public synchronized String caBundlePem() {
        ca();
        return read(dir.resolve("ca-bundle.crt"));
    }

    public List<X509Certificate> trustedCas() {
        return Pem.certificates(caBundlePem(), dir.resolve("ca-bundle.crt").toString());
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

    /** The replication user's password, generated (32 characters) on first use. */
    public synchronized Secret replicationPassword() {
        Path p = dir.resolve("replication.password");
        if (Files.exists(p)) return new Secret(read(p).strip());
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 32; i++) b.append(ALNUM.charAt(r.nextInt(ALNUM.length())));
        write(p, b + "\n");
        return new Secret(b.toString());
    }

    /** Starts a rotation: a new current CA, appended to the bundle so the old one stays trusted. */
    public synchronized void rotateCa() {
        String oldBundle = caBundlePem();
        CertificateAuthority next = CertificateAuthority.create(environment, clock);
        // Trust first, then use: a crash between the two leaves an extra trusted CA, never an untrusted one.
        write(dir.resolve("ca-bundle.crt"), next.certificatePem() + oldBundle);
        writeCa(next);
        write(dir.resolve("ca.crt"), next.certificatePem());
        ca = next;
    }

    /** Ends a rotation: only the current CA stays in the bundle. Run once every host has leaves from it. */
    public synchronized void retireOldCas() {
        write(dir.resolve("ca-bundle.crt"), ca().certificatePem());
    }

    private interface Check {
        boolean ok(X509Certificate c) throws CertificateParsingException;
    }

    private IssuedCertificate leaf(String base, Check matches, java.util.function.Supplier<IssuedCertificate> issue) {
        Path crt = dir.resolve(base + ".crt");
        Path key = dir.resolve(base + ".key");
        if (Files.exists(crt) && Files.exists(key)) {
            X509Certificate c = Pem.certificates(read(crt), crt.toString()).get(0);
            boolean fresh = c.getNotAfter().toInstant().isAfter(clock.instant().plus(RENEW_BEFORE));
            try {
                if (fresh && ca().signed(c) && matches.ok(c)) {
                    return new IssuedCertificate(c, read(crt), new Secret(read(key)));
                }
            } catch (CertificateParsingException e) {
                // unreadable extensions: re-issue below
            }
        }
        IssuedCertificate issued = issue.get();
        write(key, issued.privateKeyPem().value());
        write(crt, issued.certificatePem());
        return issued;
    }

    private static Set<String> sanOf(X509Certificate c) throws CertificateParsingException {
        Set<String> out = new HashSet<>();
        Collection<List<?>> sans = c.getSubjectAlternativeNames();
        if (sans != null) for (List<?> s : sans) out.add(s.get(0) + ":" + s.get(1));
        return out;
    }

    private static void deleteIfExists(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new TlsException("cannot remove " + p + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TlsException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** Writes 0600 from the first byte (temp file created with the mode), then renames into place. */
    private void write(Path p, String content) {
        try {
            Path tmp = Files.createTempFile(dir, "." + p.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE));
            try {
                Files.writeString(tmp, content, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new TlsException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "CaStore[" + dir + "]";
    }
}
