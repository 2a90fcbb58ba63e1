package io.rolestack.cli;

import io.rolestack.mariadb.backup.BackupMetadata;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.remote.Shell;
import io.rolestack.mariadb.backup.BackupStore;
import io.rolestack.mariadb.backup.DirectoryBackupStore;
import io.rolestack.mariadb.backup.Verification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** list and prune read only the target directory: tested here on real files, without hosts. */
class BackupCommandTest {
    @TempDir
    Path tmp;

    private Path spec(String backups) throws Exception {
        Path f = tmp.resolve("spec.yaml");
        Files.writeString(f, """
                environment: test
                domain: wpdn
                provider: { type: local }
                jump: jump
                hosts: [masterdb1, db2]
                database: { primary: masterdb1, replicas: [db2] }
                """ + backups);
        return f;
    }

    /** A stored backup with real data and a verdict: valid, or not tested. */
    private void stored(BackupStore store, String id, Instant end, boolean valid) throws Exception {
        byte[] data = ("data of " + id).getBytes(StandardCharsets.UTF_8);
        try (BackupStore.Partial p = store.begin(id)) {
            assertThat(p.receive(new LocalRemote(), Command.of("printf %s " + Shell.quote(new String(data, StandardCharsets.UTF_8)))).bytes())
                    .isEqualTo(data.length);
            Verification v = valid ? new Verification(end.plusSeconds(60), "db2.test.wpdn", true, true, 3, Duration.ofSeconds(4), "ok") : null;
            p.commit(new BackupMetadata(id, "db2.test.wpdn", true, "0-1-" + id.length(), "", "10.11", end.minusSeconds(30), end,
                    100, data.length, sha(data), "zstd", Map.of("app.t", 3L), true, v));
        }
    }

    private static String sha(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void aSpecWithoutBackupsIsBadInput() throws Exception {
        CliTest.Run r = CliTest.run("backup", "list", "-f", spec("").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no backups: section");
    }

    @Test
    void listShowsEveryBackupAndPruneKeepsTheNewestValidOnes() throws Exception {
        Path dir = tmp.resolve("backups");
        Path f = spec("backups: { target: { dir: " + dir + " }, retention: { keep: 1 } }\n");
        BackupStore store = new DirectoryBackupStore(dir);
        Instant now = Instant.now();
        stored(store, "20261201T000000Z-db2", now.minus(Duration.ofDays(6)), true);
        stored(store, "20261202T000000Z-db2", now.minus(Duration.ofDays(5)), false);
        stored(store, "20261203T000000Z-db2", now.minus(Duration.ofDays(4)), true);
        stored(store, "20261204T000000Z-db2", now.minus(Duration.ofDays(3)), false);

        CliTest.Run list = CliTest.run("backup", "list", "-f", f.toString(), "-q");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("ID", "SERVER", "GTID", "SIZE", "SHA256", "VALID")
                .contains("20261201T000000Z-db2", "db2.test.wpdn").contains("4 backup(s), 2 valid");
        CliTest.Run json = CliTest.run("backup", "list", "-f", f.toString(), "--json", "-q");
        assertThat(json.out()).contains("\"id\" : \"20261203T000000Z-db2\"").contains("\"valid\" : true").contains("\"sha256Ok\" : null");

        CliTest.Run dry = CliTest.run("backup", "prune", "-f", f.toString(), "--dry-run", "-q");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("would delete").contains("would delete 2 backup(s) of 4");
        assertThat(store.list()).hasSize(4);

        CliTest.Run prune = CliTest.run("backup", "prune", "-f", f.toString(), "-q");
        assertThat(prune.exit()).as(prune.err()).isZero();
        assertThat(prune.out()).contains("deleted 2 backup(s) of 4");
        // the older valid one (beyond keep 1) and the untested one older than the newest valid; the newer untested one stays
        assertThat(store.list()).extracting(b -> b.id()).containsExactly("20261203T000000Z-db2", "20261204T000000Z-db2");
    }

    @Test
    void verifyOfAnUnknownBackupIsBadInputBeforeAnyHostIsReached() throws Exception {
        Path f = spec("backups: { target: { dir: " + tmp.resolve("b") + " } }\n");
        CliTest.Run r = CliTest.run("backup", "verify", "-f", f.toString(), "nosuch");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no backup 'nosuch'");
        CliTest.Run none = CliTest.run("backup", "verify", "-f", f.toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("no backup in");
    }
}
