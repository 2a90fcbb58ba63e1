package io.rolestack.core.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Key pairs made with the real ssh-keygen. */
public final class TestKeys {
    private TestKeys() {
    }

    /** ed25519 key pair at {@code file} and {@code file.pub}, no passphrase. */
    public static void generate(Path file) throws IOException {
        generate(file, "");
    }

    public static void generate(Path file, String passphrase) throws IOException {
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", "rolestack-test",
                "-f", file.toString()).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("ssh-keygen failed: " + new String(p.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
