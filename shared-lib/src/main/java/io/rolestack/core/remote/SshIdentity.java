package io.rolestack.core.remote;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The private key used to log in: a file or an in-memory PEM (e.g. a Jenkins
 * credential), with an optional passphrase. {@link #toString()} never shows
 * the key or the passphrase.
 */
public final class SshIdentity {
    private final Path file;
    private final String pem;
    private final char[] passphrase;

    private SshIdentity(Path file, String pem, char[] passphrase) {
        this.file = file;
        this.pem = pem;
        this.passphrase = passphrase == null ? null : passphrase.clone();
    }

    public static SshIdentity file(Path file) {
        return new SshIdentity(file, null, null);
    }

    public static SshIdentity file(Path file, char[] passphrase) {
        return new SshIdentity(file, null, passphrase);
    }

    public static SshIdentity pem(String privateKeyPem, char[] passphrase) {
        return new SshIdentity(null, privateKeyPem, passphrase);
    }

    public Optional<Path> path() {
        return Optional.ofNullable(file);
    }

    Optional<String> pemText() {
        return Optional.ofNullable(pem);
    }

    Optional<char[]> passphrase() {
        return passphrase == null ? Optional.empty() : Optional.of(passphrase.clone());
    }

    /** Forgets the passphrase held in memory. */
    public void wipe() {
        if (passphrase != null) Arrays.fill(passphrase, '\0');
    }

    @Override
    public String toString() {
        return file != null ? "key file " + file : "in-memory key";
    }
}
