package io.rolestack.core.ops;

import io.rolestack.core.remote.FileMode;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operations outside any role (what the MariaDB engine writes) on this machine's
 * real filesystem through the shell, as on a host: written only when they differ,
 * diffs for text, never for secrets; owner and mode enforced.
 */
class OperationRunOnLocalMachineIT {
    @TempDir
    Path tmp;

    private final LocalRemote host = new LocalRemote("local");

    private List<Result> run(String path, String content, FileMode mode, boolean secret) {
        return OperationRun.apply(host, "db2.production.wpdn", List.of(
                new Directory("mariadb", tmp.resolve("ssl").toString(), new FileMode("root", "mysql", 0750)),
                new TemplateFile("mariadb", path, content, mode, List.of(), secret)));
    }

    @Test
    void textFileIsWrittenOnlyWhenItDiffersAndReportsADiff() throws Exception {
        String path = tmp.resolve("ssl/60-rolestack.cnf").toString();
        List<Result> created = run(path, "a = 1\nb = 2\n", FileMode.ROOT_644, false);
        assertThat(created).extracting(Result::status).containsExactly(Status.CHANGED, Status.CHANGED);
        assertThat(created).extracting(Result::host).containsOnly("db2.production.wpdn");
        assertThat(host.run("stat -c '%U %G %a' " + tmp.resolve("ssl")).stdout().strip()).isEqualTo("root mysql 750");

        assertThat(run(path, "a = 1\nb = 2\n", FileMode.ROOT_644, false)).extracting(Result::status).containsOnly(Status.OK);

        Result edited = run(path, "a = 1\nb = 3\n", FileMode.ROOT_644, false).get(1);
        assertThat(edited.status()).isEqualTo(Status.CHANGED);
        assertThat(edited.diff()).contains("-b = 2", "+b = 3").doesNotContain("-a = 1");
        assertThat(Files.readString(Path.of(path))).isEqualTo("a = 1\nb = 3\n");

        Files.setPosixFilePermissions(Path.of(path), PosixFilePermissions.fromString("rw-rw-rw-"));
        Result mode = run(path, "a = 1\nb = 3\n", FileMode.ROOT_644, false).get(1);
        assertThat(mode.status()).isEqualTo(Status.CHANGED);
        assertThat(mode.message()).isEqualTo("owner/mode root:root 0666 -> root:root 0644");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(path)))).isEqualTo("rw-r--r--");
    }

    @Test
    void secretFileIsComparedByDigestAndNeverShown() {
        String path = tmp.resolve("ssl/server-key.pem").toString();
        String key = "-----BEGIN PRIVATE KEY-----\nsecret-bytes\n";
        FileMode mode = new FileMode("mysql", "mysql", 0600);
        assertThat(run(path, key, mode, true).get(1).status()).isEqualTo(Status.CHANGED);
        assertThat(run(path, key, mode, true).get(1).status()).isEqualTo(Status.OK);

        Result replaced = run(path, "other\n", mode, true).get(1);
        assertThat(replaced.status()).isEqualTo(Status.CHANGED);
        assertThat(replaced.diff()).contains("secret: content not shown").doesNotContain("secret-bytes").doesNotContain("other");
        assertThat(replaced.toString()).doesNotContain("secret-bytes").doesNotContain("other\n");
        assertThat(host.run("stat -c '%U %a' " + path).stdout().strip()).isEqualTo("mysql 600");
    }
}
