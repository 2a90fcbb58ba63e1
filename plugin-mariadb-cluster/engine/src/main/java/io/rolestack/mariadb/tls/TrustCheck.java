package io.rolestack.mariadb.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether a secret store is the one that set up the DB hosts: the CAs each
 * host trusts (its CA bundle, read before anything is written) against the
 * CAs the store holds, by SHA-256 fingerprint of the DER certificate (what
 * {@code openssl x509 -noout -fingerprint -sha256} prints).
 *
 * <ul>
 *   <li>{@link Verdict#OK}: the store has a CA and some host trusts one of the
 *       store's CAs, or no host trusts any CA yet (new hosts). Hosts that trust
 *       another CA are repaired by the run.</li>
 *   <li>{@link Verdict#FIRST_RUN}: the store has no CA and no host trusts one:
 *       the run makes the CA ({@link CaStore#createCaIfAbsent()}, under the lock).</li>
 *   <li>{@link Verdict#STORE_EMPTY}: the store has no CA but hosts trust one (a
 *       fresh machine, a lost directory, an unfilled credential): refused.</li>
 *   <li>{@link Verdict#OTHER_CA}: the store has a CA that no host trusts while
 *       hosts trust another (a different store): refused.</li>
 * </ul>
 *
 * @param verdict     the outcome
 * @param store       {@link io.rolestack.core.secrets.SecretStore#describe()}
 * @param restore     how to restore the store, for the message
 * @param storeCas    fingerprints of the store's CAs (current first); empty for an empty store
 * @param hostCas     per host (FQDN), fingerprints of the CAs it trusts; empty when it trusts none
 * @param bundlePaths per host, the file read
 */
public record TrustCheck(Verdict verdict, String store, String restore, List<String> storeCas,
                         Map<String, List<String>> hostCas, Map<String, String> bundlePaths) {
    public enum Verdict { OK, FIRST_RUN, STORE_EMPTY, OTHER_CA }

    public TrustCheck {
        Objects.requireNonNull(verdict, "verdict");
        storeCas = List.copyOf(storeCas);
        hostCas = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hostCas));
        bundlePaths = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bundlePaths));
    }

    /**
     * Compares the store's CAs with what the hosts trust.
     *
     * @param trusted per host (FQDN), the certificates of its CA bundle; an empty list when it has none
     * @param paths   per host, the bundle file that was read (for the message)
     */
    public static TrustCheck of(CaStore secrets, Map<String, List<X509Certificate>> trusted, Map<String, String> paths) {
        List<String> mine = secrets.knownCas().stream().map(TrustCheck::fingerprint).toList();
        Map<String, List<String>> hosts = new LinkedHashMap<>();
        trusted.forEach((h, certs) -> hosts.put(h, certs.stream().map(TrustCheck::fingerprint).distinct().toList()));
        boolean anyTrust = hosts.values().stream().anyMatch(l -> !l.isEmpty());
        boolean anyTrustsMine = hosts.values().stream().anyMatch(l -> l.stream().anyMatch(mine::contains));
        Verdict v;
        if (mine.isEmpty()) v = anyTrust ? Verdict.STORE_EMPTY : Verdict.FIRST_RUN;
        else v = !anyTrust || anyTrustsMine ? Verdict.OK : Verdict.OTHER_CA;
        return new TrustCheck(v, secrets.describe(), secrets.store().howToRestore(), mine, hosts, paths);
    }

    public boolean refused() {
        return verdict == Verdict.STORE_EMPTY || verdict == Verdict.OTHER_CA;
    }

    /** This check, or {@link CaTrustException} when refused. */
    public TrustCheck orThrow() {
        if (refused()) throw new CaTrustException(this);
        return this;
    }

    /** Hosts that trust a CA the store does not hold (repaired by an OK run). */
    public List<String> hostsTrustingOtherCas() {
        return hostCas.entrySet().stream().filter(e -> !e.getValue().isEmpty() && e.getValue().stream().noneMatch(storeCas::contains))
                .map(Map.Entry::getKey).toList();
    }

    public String message() {
        String trust = hostCas.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> "  " + e.getKey() + " (" + Optional.ofNullable(bundlePaths.get(e.getKey())).orElse("CA bundle") + "): "
                        + String.join(", ", e.getValue()))
                .collect(Collectors.joining("\n"));
        return switch (verdict) {
            case OK -> store + ": CA " + storeCas.get(0) + (hostsTrustingOtherCas().isEmpty() ? "" : "; to repair: " + hostsTrustingOtherCas());
            case FIRST_RUN -> store + " has no CA and no DB host trusts one: a new CA is created";
            case STORE_EMPTY -> "refusing to create a new CA: " + store + " has no CA, but the DB hosts already trust one (SHA-256):\n"
                    + trust + "\nA new CA would replace the trust bundle of every host and break replication."
                    + " Nothing was changed on any host. Restore the store that set up these hosts: " + restore + ".";
            case OTHER_CA -> "refusing to use " + store + ": its CA " + storeCas.get(0) + (storeCas.size() > 1 ? " (and " + storeCas.subList(1, storeCas.size()) + ")" : "")
                    + " is trusted by no DB host, which trust (SHA-256):\n" + trust
                    + "\nThis is not the store that set up these hosts. Nothing was changed on any host. Restore the right one: " + restore
                    + ". (To move these hosts to this store's CA on purpose, remove the bundle files above first.)";
        };
    }

    /** The certificates of a PEM bundle read from a host; {@code source} names it in errors. */
    public static List<X509Certificate> certificates(String pem, String source) {
        return Pem.certificates(pem, source);
    }

    /** SHA-256 of the DER certificate, upper-case hex pairs joined by ':' (as openssl prints it). */
    public static String fingerprint(X509Certificate c) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new TlsException("cannot fingerprint " + c.getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
    }
}
