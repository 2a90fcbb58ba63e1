package io.rolestack.core.remote;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The upload script run by a real shell, as a dying client would leave it. */
class AtomicUploadTest {
    static final String USER = System.getProperty("user.name");

    @Test
    void truncatedTransferNeverReplacesTheFileAndLeavesNoTemporary(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, "old complete config\n");
        String full = "new config that is longer than what arrives\n";
        // The client died after 10 bytes: the remote cat sees end of input and exits 0.
        String script = Shell.atomicWriteScript(file.toString(), new FileMode(USER, USER, 0644), "t1", full.length());
        ExecResult r = new LocalRemote().exec(Command.of(script).withStdin(full.substring(0, 10)));
        assertThat(r.ok()).isFalse();
        assertThat(Files.readString(file)).isEqualTo("old complete config\n");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("nginx.conf");
        }
    }

    @Test
    void completeTransferIsInstalledWithItsMode(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.conf");
        byte[] content = "complete\n".getBytes(StandardCharsets.UTF_8);
        new LocalRemote().upload(content, file.toString(), new FileMode(USER, USER, 0600));
        assertThat(Files.readString(file)).isEqualTo("complete\n");
        // (a Set: its toString order is not defined)
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
