package io.rolestack.mariadb.tls;

import io.rolestack.core.secrets.Secret;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** PEM encoding of certificates and PKCS#8 keys (the form OpenSSL, hence MariaDB, reads). */
final class Pem {
    private Pem() {
    }

    static String certificate(X509Certificate cert) {
        return write(cert);
    }

    static Secret privateKey(PrivateKey key) {
        try {
            return new Secret(write(new JcaPKCS8Generator(key, null).generate()));
        } catch (IOException e) {
            throw new TlsException("cannot encode private key", e);
        }
    }

    private static String write(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new TlsException("cannot encode PEM", e);
        }
        return out.toString();
    }

    static List<X509Certificate> certificates(String pem, String source) {
        List<X509Certificate> certs = new ArrayList<>();
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                if (!(o instanceof X509CertificateHolder h)) throw new TlsException(source + ": not a certificate: " + o.getClass().getSimpleName());
                certs.add(new JcaX509CertificateConverter().getCertificate(h));
            }
        } catch (IOException | CertificateException e) {
            throw new TlsException(source + ": cannot read certificate: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) throw new TlsException(source + ": no certificate in file");
        return certs;
    }

    /** Reads a PKCS#8 key; the message never contains key material. */
    static PrivateKey privateKey(Secret pem, String source) {
        try (PEMParser p = new PEMParser(new StringReader(pem.value()))) {
            Object o = p.readObject();
            if (o instanceof PrivateKeyInfo info) return new JcaPEMKeyConverter().getPrivateKey(info);
            throw new TlsException(source + ": not a PKCS#8 private key");
        } catch (IOException e) {
            throw new TlsException(source + ": cannot read private key (" + e.getClass().getSimpleName() + ")");
        }
    }
}
