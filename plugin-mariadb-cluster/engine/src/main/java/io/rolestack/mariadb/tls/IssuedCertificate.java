package io.rolestack.mariadb.tls;

import io.rolestack.core.secrets.Secret;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate with its private key, both as PEM ready to write on a host.
 *
 * @param certificate the parsed certificate
 * @param certificatePem the certificate as PEM
 * @param privateKeyPem the PKCS#8 private key as PEM (a secret)
 */
public record IssuedCertificate(X509Certificate certificate, String certificatePem, Secret privateKeyPem) {
    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    }

    public String subject() {
        return certificate.getSubjectX500Principal().getName();
    }
}
