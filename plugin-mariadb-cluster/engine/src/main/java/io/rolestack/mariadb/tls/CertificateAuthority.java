package io.rolestack.mariadb.tls;

import io.rolestack.core.secrets.Secret;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * Our own certificate authority for one environment: it signs a server
 * certificate per DB host and client certificates for the replication user.
 * Keys are ECDSA P-256: small, fast to make, and read by OpenSSL (MariaDB on Debian).
 */
public final class CertificateAuthority {
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration LEAF_VALIDITY = Duration.ofDays(825);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final Clock clock;

    CertificateAuthority(X509Certificate certificate, PrivateKey key, Clock clock) {
        this.certificate = Objects.requireNonNull(certificate);
        this.key = Objects.requireNonNull(key);
        this.clock = clock;
    }

    /** A new self-signed CA named after the environment (CN "rolestack &lt;env&gt; CA &lt;date&gt;"). */
    public static CertificateAuthority create(String environment, Clock clock) {
        KeyPair kp = newKeyPair();
        Instant now = clock.instant();
        X500Name name = name("rolestack " + environment + " MariaDB CA " + now.toString().substring(0, 19));
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_VALIDITY)), name, kp.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            return new CertificateAuthority(sign(b, kp.getPrivate()), kp.getPrivate(), clock);
        } catch (CertIOException | NoSuchAlgorithmException e) {
            throw new TlsException("cannot create CA certificate: " + e.getMessage(), e);
        }
    }

    /** Loads a CA from its PEM certificate and key; {@code source} names the files in errors. */
    public static CertificateAuthority load(String certificatePem, Secret keyPem, String source, Clock clock) {
        return new CertificateAuthority(Pem.certificates(certificatePem, source).get(0), Pem.privateKey(keyPem, source), clock);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String certificatePem() {
        return Pem.certificate(certificate);
    }

    public Secret privateKeyPem() {
        return Pem.privateKey(key);
    }

    /**
     * A server certificate: CN = the host's name, SAN = every DNS name and IP
     * given, so replicas verifying the server (MASTER_SSL_VERIFY_SERVER_CERT)
     * accept it whether they connect by name or by private IP.
     */
    public IssuedCertificate issueServer(String commonName, List<String> dnsNames, List<String> ipAddresses) {
        List<GeneralName> san = new ArrayList<>();
        dnsNames.forEach(d -> san.add(new GeneralName(GeneralName.dNSName, d)));
        ipAddresses.forEach(ip -> san.add(new GeneralName(GeneralName.iPAddress, ip)));
        return issue(commonName, san, KeyPurposeId.id_kp_serverAuth);
    }

    /** A client certificate (for the replication user, REQUIRE X509). */
    public IssuedCertificate issueClient(String commonName) {
        return issue(commonName, List.of(), KeyPurposeId.id_kp_clientAuth);
    }

    private IssuedCertificate issue(String commonName, List<GeneralName> san, KeyPurposeId purpose) {
        KeyPair kp = newKeyPair();
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(LEAF_VALIDITY)), name(commonName), kp.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            if (!san.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(GeneralName[]::new)));
            }
            X509Certificate cert = sign(b, key);
            return new IssuedCertificate(cert, Pem.certificate(cert), Pem.privateKey(kp.getPrivate()));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new TlsException("cannot issue certificate for " + commonName + ": " + e.getMessage(), e);
        }
    }

    /** True when {@code cert} was signed by this CA's key. */
    public boolean signed(X509Certificate cert) {
        try {
            cert.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) {
        try {
            ContentSigner s = new JcaContentSignerBuilder("SHA256withECDSA").build(signer);
            return new JcaX509CertificateConverter().getCertificate(b.build(s));
        } catch (OperatorCreationException | java.security.cert.CertificateException e) {
            throw new TlsException("cannot sign certificate: " + e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new TlsException("cannot generate EC key: " + e.getMessage(), e);
        }
    }

    private static X500Name name(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "rolestack").addRDN(BCStyle.CN, cn).build();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
