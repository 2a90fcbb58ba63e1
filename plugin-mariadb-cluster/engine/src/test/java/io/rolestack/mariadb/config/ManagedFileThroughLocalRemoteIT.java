package io.rolestack.mariadb.config;

import io.rolestack.core.remote.FileMode;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** Managed files on this machine's real filesystem through the shell, as on a host. */
class ManagedFileThroughLocalRemoteIT {
    @TempDir
    Path tmp;

    private final LocalRemote host = new LocalRemote("local");

    @Test
    void textFileIsWrittenOnlyWhenItDiffersAndReportsADiff() throws Exception {
        String path = tmp.resolve("60-rolestack.cnf").toString();
        Result created = ManagedFile.text(host, path, "a = 1\nb = 2\n", FileMode.ROOT_644);
        assertThat(created.status()).isEqualTo(Status.CHANGED);
        assertThat(created.message()).isEqualTo("created");

        assertThat(ManagedFile.text(host, path, "a = 1\nb = 2\n", FileMode.ROOT_644).status()).isEqualTo(Status.OK);

        Result edited = ManagedFile.text(host, path, "a = 1\nb = 3\n", FileMode.ROOT_644);
        assertThat(edited.status()).isEqualTo(Status.CHANGED);
        assertThat(edited.diff()).contains("-b = 2", "+b = 3").doesNotContain("-a = 1");
        assertThat(Files.readString(Path.of(path))).isEqualTo("a = 1\nb = 3\n");

        Files.setPosixFilePermissions(Path.of(path), PosixFilePermissions.fromString("rw-rw-rw-"));
        Result mode = ManagedFile.text(host, path, "a = 1\nb = 3\n", FileMode.ROOT_644);
        assertThat(mode.status()).isEqualTo(Status.CHANGED);
        assertThat(mode.diff()).contains("-root root 666", "+root root 644");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(path)))).isEqualTo("rw-r--r--");
    }

    @Test
    void secretFileIsComparedByDigestAndNeverShown() throws Exception {
        String path = tmp.resolve("server-key.pem").toString();
        byte[] key = "-----BEGIN PRIVATE KEY-----\nsecret-bytes\n".getBytes(StandardCharsets.UTF_8);
        FileMode mode = new FileMode("mysql", "mysql", 0600);
        assertThat(ManagedFile.secret(host, path, key, mode).status()).isEqualTo(Status.CHANGED);
        assertThat(ManagedFile.secret(host, path, key, mode).status()).isEqualTo(Status.OK);

        Result replaced = ManagedFile.secret(host, path, "other".getBytes(StandardCharsets.UTF_8), mode);
        assertThat(replaced.status()).isEqualTo(Status.CHANGED);
        assertThat(replaced.diff()).contains("secret, not shown").doesNotContain("secret-bytes").doesNotContain("other");
        assertThat(host.run("stat -c '%U %a' " + path).stdout().strip()).isEqualTo("mysql 600");
    }

    @Test
    void directoryGetsOwnerAndMode() {
        String dir = tmp.resolve("ssl").toString();
        FileMode mode = new FileMode("root", "mysql", 0750);
        assertThat(ManagedFile.directory(host, dir, mode).status()).isEqualTo(Status.CHANGED);
        assertThat(ManagedFile.directory(host, dir, mode).status()).isEqualTo(Status.OK);
        assertThat(host.run("stat -c '%U %G %a' " + dir).stdout().strip()).isEqualTo("root mysql 750");
    }
}
