package io.rolestack.vm.openstack;

import io.rolestack.core.secrets.Secret;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * One server's SSH host keys, made on the machine that runs rolestack before the
 * server boots: ed25519 (OpenSSH's own private key format) and RSA 3072 (PEM,
 * PKCS#1), with their public key lines. The private keys are {@link Secret}s:
 * {@code toString} never shows them.
 */
public record SshHostKeys(Secret ed25519Private, String ed25519Public, Secret rsaPrivate, String rsaPublic) {

    /** Generates both key pairs with the JDK ({@code Ed25519}, RSA 3072) and writes them in OpenSSH formats. */
    public static SshHostKeys generate() {
        try {
            KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
            rsaGen.initialize(3072);
            KeyPair rsa = rsaGen.generateKeyPair();
            return new SshHostKeys(
                    new Secret(pem("OPENSSH PRIVATE KEY", OpenSSHPrivateKeyUtil.encodePrivateKey(PrivateKeyFactory.createKey(ed.getPrivate().getEncoded())))),
                    publicLine("ssh-ed25519", PublicKeyFactory.createKey(ed.getPublic().getEncoded())),
                    new Secret(pem("RSA PRIVATE KEY", OpenSSHPrivateKeyUtil.encodePrivateKey(PrivateKeyFactory.createKey(rsa.getPrivate().getEncoded())))),
                    publicLine("ssh-rsa", PublicKeyFactory.createKey(rsa.getPublic().getEncoded())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate SSH host keys: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode SSH host keys: " + e.getMessage(), e);
        }
    }

    public List<String> publicKeys() {
        return List.of(ed25519Public, rsaPublic);
    }

    /** {@code ssh-ed25519 SHA256:…, ssh-rsa SHA256:…}: what a person compares with {@code ssh-keygen -lf}. */
    public String fingerprints() {
        return fingerprint(ed25519Public) + ", " + fingerprint(rsaPublic);
    }

    static String fingerprint(String publicLine) {
        String[] f = publicLine.trim().split("\\s+");
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(f[1]));
            return f[0] + " SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String publicLine(String type, AsymmetricKeyParameter key) throws IOException {
        return type + " " + Base64.getEncoder().encodeToString(OpenSSHPublicKeyUtil.encodePublicKey(key));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(70, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
