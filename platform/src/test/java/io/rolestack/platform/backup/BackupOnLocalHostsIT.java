package io.rolestack.platform.backup;

import io.rolestack.core.events.Progress;
import io.rolestack.core.result.Status;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.core.testing.StepChain;
import io.rolestack.core.wait.Wait;
import io.rolestack.mariadb.backup.BackupMetadata;
import io.rolestack.mariadb.backup.StoredBackup;
import io.rolestack.platform.Platform;
import io.rolestack.platform.PlatformOptions;
import io.rolestack.platform.deploy.DeployOutcome;
import io.rolestack.platform.exec.ExecOutcome;
import io.rolestack.platform.exec.ExecRequest;
import io.rolestack.platform.provider.Providers;
import io.rolestack.role.plan.Limit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Platform.backupDb/verifyBackup/listBackups/pruneBackups} on real local hosts (masterdb1, db2 built by
 * apply, the db role installing mariadb-backup and zstd): the backup comes from the replica db2 through the
 * jump host into a directory of this machine (then into the backup host backup1), its restore test runs on db2 and
 * passes; retention keeps one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepChain.class)
class BackupOnLocalHostsIT {
    @TempDir
    static Path tmp;
    static PlatformSpec spec;
    /** The same platform, its backups going to the backup host backup1 instead. */
    static PlatformSpec onBackupHost;
    static String first;

    @BeforeAll
    static void writeSpec() throws Exception {
        Path file = tmp.resolve("platform.yaml");
        String yaml = """
                environment: backupit
                domain: wpdn
                provider:
                  type: local
                  stateDir: %s
                jump: jump.backupit.wpdn
                hosts: [masterdb1, db2, backup1]
                database: { primary: masterdb1, replicas: [db2] }
                backups:
                  target: { dir: %s }
                  retention: { keep: 1 }
                  schedule: 'H 2 * * *'
                """.formatted(tmp.resolve("state"), tmp.resolve("backups"));
        Files.writeString(file, yaml);
        spec = SpecLoader.load(file);
        Path other = tmp.resolve("platform-backup1.yaml");
        Files.writeString(other, yaml.replace("target: { dir: " + tmp.resolve("backups") + " }", "target: { host: backup1 }"));
        onBackupHost = SpecLoader.load(other);
    }

    @AfterAll
    static void down() {
        if (spec != null) assertThat(Providers.local(spec).down(spec.environment(), Progress.NONE).failed()).isFalse();
    }

    static Platform platform() {
        return Platform.open(spec, PlatformOptions.defaults().withSecrets(tmp.resolve("secrets")));
    }

    static String root(String host, String command) {
        ExecOutcome out = Platform.open(spec, PlatformOptions.defaults().withSecrets(tmp.resolve("secrets")).withLimit(Limit.parse(host)))
                .exec(ExecRequest.of(command).withRoot(true));
        assertThat(out.exitCode()).as(host + ": " + command + " -> " + out.hosts()).isZero();
        return out.hosts().get(0).stdout().strip();
    }

    @Test
    @Order(1)
    void applyBuildsTheClusterWithData() {
        DeployOutcome applied = platform().apply();
        assertThat(applied.summary().anyFailed()).as(applied.summary().results().stream().filter(x -> x.status() == Status.FAILED)
                .map(x -> x.host() + " " + x.operation() + ": " + x.message()).collect(Collectors.joining("\n"))).isFalse();
        root("masterdb1", "mariadb -e \"CREATE DATABASE shop; CREATE TABLE shop.orders (id INT PRIMARY KEY) ENGINE=InnoDB;"
                + " INSERT INTO shop.orders SELECT seq FROM shop.seq_1_to_777\"");
    }

    @Test
    @Order(2)
    void backupDbStreamsFromTheReplicaAndItsRestoreTestPasses() {
        BackupReport r = platform().backupDb();
        assertThat(r.ok()).as(r.message()).isTrue();
        StoredBackup b = r.backups().get(0);
        BackupMetadata m = b.metadata();
        assertThat(m.server()).isEqualTo("db2.backupit.wpdn");
        assertThat(m.valid()).isTrue();
        assertThat(m.rowCounts()).containsEntry("shop.orders", 777L);
        assertThat(m.verification().host()).isEqualTo("db2.backupit.wpdn");
        assertThat(b.dataFile()).startsWith(tmp.resolve("backups"));
        first = b.id();
        // As Jenkins' junit step sees it: the backup is one passing testcase.
        assertThat(BackupJUnitReport.xml(r)).contains("tests=\"1\" failures=\"0\"")
                .contains("<testcase classname=\"rolestack.backup.db\" name=\"" + first + "\"");
        // the replica replicates again
        root("db2", "mariadb -e 'SHOW SLAVE STATUS\\G' | grep -q 'Slave_SQL_Running: Yes'");
        root("db2", "[ -z \"$(ls /var/tmp | grep rolestack-)\" ]");
    }

    @Test
    @Order(3)
    void verifyListAndPruneKeepTheNewestValidBackup() {
        assertThat(platform().verifyBackup(Optional.of(first)).ok()).isTrue();
        root("masterdb1", "mariadb -e 'INSERT INTO shop.orders VALUES (778)'");
        Wait.upTo(Duration.ofSeconds(30)).every(Duration.ofMillis(200)).until(() -> Platform.open(spec,
                        PlatformOptions.defaults().withSecrets(tmp.resolve("secrets")).withLimit(Limit.parse("db2")))
                .exec(ExecRequest.of("mariadb -N -e 'SELECT COUNT(*) FROM shop.orders'").withRoot(true)).hosts().get(0).stdout().strip().equals("778"),
                () -> new IllegalStateException("db2 did not replicate the new row within 30 s"));
        BackupReport second = platform().backupDb();
        assertThat(second.ok()).as(second.message()).isTrue();
        assertThat(second.backups().get(0).metadata().rowCounts()).containsEntry("shop.orders", 778L);
        assertThat(platform().listBackups().backups()).extracting(StoredBackup::id).containsExactly(first, second.backups().get(0).id());
        BackupReport pruned = platform().pruneBackups(false);
        assertThat(pruned.ok()).isTrue();
        assertThat(pruned.prune().orElseThrow().deleted()).containsExactly(first);
        assertThat(platform().listBackups().backups()).extracting(StoredBackup::id).containsExactly(second.backups().get(0).id());
    }

    @Test
    @Order(4)
    void aBackupHostAsTargetKeepsTheBackupsPrivateThereAndRestoreTestsThem() {
        // the backup role made the directory root's alone before any backup
        assertThat(root("backup1", "stat -c '%a %U' /var/backups/rolestack")).isEqualTo("700 root");
        Platform p = Platform.open(onBackupHost, PlatformOptions.defaults().withSecrets(tmp.resolve("secrets")));
        BackupReport r = p.backupDb();
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.target()).isEqualTo("backup1:/var/backups/rolestack");
        StoredBackup b = r.backups().get(0);
        assertThat(b.valid()).isTrue();
        assertThat(b.metadata().rowCounts()).containsEntry("shop.orders", 778L);
        String data = "/var/backups/rolestack/" + b.id() + "/" + StoredBackup.DATA;
        assertThat(root("backup1", "stat -c '%a %s' " + data + " && sha256sum < " + data + " | cut -d' ' -f1"))
                .isEqualTo("600 " + b.metadata().storedBytes() + "\n" + b.metadata().sha256());
        // nothing went to this machine's directory, and db2 kept no copy
        assertThat(platform().listBackups().backups()).extracting(StoredBackup::id).doesNotContain(b.id());
        root("db2", "[ -z \"$(ls /var/tmp | grep rolestack-)\" ]");

        BackupReport listed = p.listBackups();
        assertThat(listed.backups()).extracting(StoredBackup::id).containsExactly(b.id());
        assertThat(listed.message()).isEqualTo("1 backup(s), 1 valid, in backup1:/var/backups/rolestack");
        assertThat(p.verifyBackup(Optional.empty()).ok()).isTrue();
        BackupReport pruned = p.pruneBackups(false);
        assertThat(pruned.ok()).as(pruned.message()).isTrue();
        assertThat(pruned.prune().orElseThrow().deleted()).isEmpty();
    }
}
