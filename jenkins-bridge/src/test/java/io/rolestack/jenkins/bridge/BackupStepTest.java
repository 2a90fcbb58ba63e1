package io.rolestack.jenkins.bridge;

import io.rolestack.backup.search.SnapshotInfo;
import io.rolestack.backup.search.SnapshotRecord;
import io.rolestack.backup.search.SnapshotRetention;
import io.rolestack.backup.search.SnapshotVerification;
import io.rolestack.backup.search.StoredSnapshot;
import io.rolestack.mariadb.backup.BackupMetadata;
import io.rolestack.mariadb.backup.MariaDbBackups;
import io.rolestack.mariadb.backup.Retention;
import io.rolestack.mariadb.backup.StoredBackup;
import io.rolestack.mariadb.backup.Verification;
import io.rolestack.platform.InvalidRequestException;
import io.rolestack.platform.backup.BackupReport;
import io.rolestack.platform.backup.SearchBackupReport;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackupStepTest {
    static final Instant T = Instant.parse("2026-12-07T03:00:00Z");
    static final BackupMetadata VALID = new BackupMetadata("20261207T030000Z-db2", "db2.production.wpdn", true, "0-1-4711", "", "10.11.6",
            T, T.plusSeconds(40), 5_000_000_000L, 1_200_000_000L, "ab".repeat(32), "zstd", Map.of("app.posts", 12L), true,
            new Verification(T.plusSeconds(90), "db2.production.wpdn", true, true, 1, Duration.ofSeconds(50), "12 tables OK, counts match"));

    static Requests backup(String action, BackupArguments b) {
        return new Requests(Operation.of("rolestackBackup", action), CallArguments.none().withBackup(b));
    }

    @Test
    void theActionsAreTheCliSubcommands() {
        assertThat(Operation.of("rolestackBackup", "db")).isEqualTo(Operation.BACKUP_DB);
        assertThat(Operation.of("rolestackBackup", " Verify ")).isEqualTo(Operation.BACKUP_VERIFY);
        assertThat(Operation.BACKUP_PRUNE.command()).isEqualTo("backup prune");
        assertThatThrownBy(() -> Operation.of("rolestackBackup", "restore"))
                .hasMessage("rolestackBackup: argument 'action' is 'restore', not one of db, verify, list, prune, search,"
                        + " search verify, search list, search prune");
        assertThat(Operation.of("rolestackBackup", "search prune")).isEqualTo(Operation.BACKUP_SEARCH_PRUNE);
        assertThat(Operation.BACKUP_SEARCH_LIST.command()).isEqualTo("backup search list");
    }

    @Test
    void aBackupIdOnlyForVerifyAndOnlyAnIdDryRunOnlyForPrune() {
        assertThat(backup("verify", BackupArguments.none()).backupId()).isEmpty();
        assertThat(backup("verify", new BackupArguments(" 20261207T030000Z-db2 ", null)).backupId()).contains("20261207T030000Z-db2");
        assertThatThrownBy(() -> backup("verify", new BackupArguments("../etc", null)).backupId()).isInstanceOf(InvalidRequestException.class)
                .hasMessage("rolestackBackup: argument 'backupId' '../etc' is not a backup id (they are listed by action 'list')");
        assertThatThrownBy(() -> backup("db", new BackupArguments("x1", null)).backupId())
                .hasMessage("rolestackBackup: argument 'backupId' is only for actions 'verify' and 'search verify'");
        assertThat(backup("search verify", new BackupArguments("rolestack-20261207t030000z", null)).backupId()).contains("rolestack-20261207t030000z");
        assertThatThrownBy(() -> backup("search verify", new BackupArguments("a b", null)).backupId())
                .hasMessage("rolestackBackup: argument 'backupId' 'a b' is not a snapshot name (they are listed by action 'search list')");
        assertThatThrownBy(() -> backup("search", new BackupArguments("x1", null)).backupId())
                .hasMessage("rolestackBackup: argument 'backupId' is only for actions 'verify' and 'search verify'");
        assertThat(backup("search prune", new BackupArguments(null, true)).pruneDryRun()).isTrue();
        assertThat(backup("prune", new BackupArguments(null, true)).pruneDryRun()).isTrue();
        assertThat(backup("prune", BackupArguments.none()).pruneDryRun()).isFalse();
        assertThatThrownBy(() -> backup("db", new BackupArguments(null, true)).pruneDryRun())
                .hasMessage("rolestackBackup: argument 'dryRun' is only for actions 'prune' and 'search prune'");
    }

    @Test
    void theValueHasTheCliJsonKeysInPlainTypesAndALogLinePerBackup() {
        List<String> log = new ArrayList<>();
        Masker masker = Masker.of(List.of());
        BackupReport r = new BackupReport("prune", true, "1 deleted, 1 valid kept", "/var/backups/rolestack",
                List.of(new StoredBackup(VALID.id(), Path.of("/var/backups/rolestack", VALID.id()), VALID, ""),
                        new StoredBackup("20261206T030000Z-db2", Path.of("/var/backups/rolestack/20261206T030000Z-db2"), null, "no backup.json")),
                Optional.of(new MariaDbBackups.PruneResult(List.of(new Retention.Decision("20261206T030000Z-db2", true, "not valid, older than the newest valid")),
                        List.of("kept 1 valid backup"), false)));
        OperationRunner.Done done = new OperationRunner(null, backup("prune", BackupArguments.none()), new LogProgress(log::add, masker), null, masker)
                .backup(r);

        assertThat(done.exitCode()).isZero();
        assertThat(done.message()).isEqualTo("1 deleted, 1 valid kept");
        PipelineValues.requirePlain(new LinkedHashMap<>(done.value()), "rolestackBackup");
        assertThat(done.value()).containsKeys("operation", "ok", "message", "target", "backups", "dryRun", "decisions", "notes");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> backups = (List<Map<String, Object>>) done.value().get("backups");
        assertThat(backups.get(0)).containsEntry("valid", true).containsEntry("storedBytes", 1_200_000_000L).containsEntry("gtid", "0-1-4711");
        assertThat(backups.get(1)).containsEntry("valid", false).containsEntry("problem", "no backup.json");
        assertThat(log).anySatisfy(l -> assertThat(l).contains("20261207T030000Z-db2  db2.production.wpdn  gtid 0-1-4711").contains("valid (12 tables OK"))
                .anySatisfy(l -> assertThat(l).contains("deleted 20261206T030000Z-db2: not valid"));
    }

    @Test
    void aSearchSnapshotReportIsTheValueOfBackupSearchJsonWithALogLinePerSnapshot() {
        List<String> log = new ArrayList<>();
        Masker masker = Masker.of(List.of());
        SnapshotInfo info = new SnapshotInfo("rolestack-20261207t030000z", SnapshotInfo.SUCCESS, T, Optional.of(T.plusSeconds(5)),
                List.of("products"), 0, List.of());
        SnapshotRecord record = new SnapshotRecord("nightly", info.name(), Map.of("products", 1234L), Map.of("products", 1234L),
                Optional.of(new SnapshotVerification(T.plusSeconds(30), true, Map.of("products", 1234L), Duration.ofSeconds(9),
                        "restored 1 index, 1234 documents as at the snapshot")));
        SearchBackupReport r = new SearchBackupReport("prune", true, "0 deleted, 1 valid kept", "elastic1:9200", "nightly",
                List.of(new StoredSnapshot(info, Optional.of(record), null)),
                Optional.of(List.of(new SnapshotRetention.Decision(info.name(), false, "the newest valid snapshot"))), true);
        OperationRunner.Done done = new OperationRunner(null, backup("search prune", BackupArguments.none()), new LogProgress(log::add, masker),
                null, masker).searchBackup(r);

        assertThat(done.exitCode()).isZero();
        assertThat(done.message()).isEqualTo("0 deleted, 1 valid kept");
        PipelineValues.requirePlain(new LinkedHashMap<>(done.value()), "rolestackBackup");
        assertThat(done.value()).containsEntry("node", "elastic1:9200").containsEntry("repository", "nightly").containsEntry("dryRun", true)
                .containsKeys("operation", "ok", "message", "snapshots", "decisions");
        assertThat(log).anySatisfy(l -> assertThat(l).isEqualTo("rolestack-20261207t030000z  SUCCESS  valid (restored 1 index, 1234 documents as at the snapshot)"))
                .anySatisfy(l -> assertThat(l).isEqualTo("kept rolestack-20261207t030000z: the newest valid snapshot"));
    }

    @Test
    void aBackupTakenWritesItsJUnitFileIntoTheWorkspaceMaskedAndAListingOnlyWhenAsked(@org.junit.jupiter.api.io.TempDir Path ws) throws Exception {
        assertThat(backup("db", BackupArguments.none()).junitName()).isEqualTo("rolestack-backup.xml");
        assertThat(backup("search verify", BackupArguments.none()).junitName()).isEqualTo("rolestack-backup.xml");
        assertThat(backup("list", BackupArguments.none()).junitName()).isNull();
        assertThat(backup("search prune", new BackupArguments(null, null, "reports/prune.xml")).junitName()).isEqualTo("reports/prune.xml");
        assertThatThrownBy(() -> backup("db", new BackupArguments(null, null, "../out.xml")).junitFile(ws))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("junit");

        List<String> log = new ArrayList<>();
        Masker masker = Masker.of(List.of("s3cret-pass"));
        BackupReport failed = new BackupReport("db", false, "db2: access denied for s3cret-pass", "backup1:/var/backups/rolestack",
                List.of(), Optional.empty());
        OperationRunner.Done done = new OperationRunner(null, backup("db", BackupArguments.none()), new LogProgress(log::add, masker), ws, masker)
                .backup(failed);
        assertThat(done.exitCode()).isEqualTo(1);
        String xml = java.nio.file.Files.readString(ws.resolve("rolestack-backup.xml"));
        assertThat(xml).contains("tests=\"1\" failures=\"1\"").contains("name=\"backup db\"").doesNotContain("s3cret-pass");
        assertThat(log).anySatisfy(l -> assertThat(l).isEqualTo("rolestackBackup: wrote rolestack-backup.xml"));

        // A secret with characters XML escapes ("a&b" is written a&amp;b) is masked before the escaping, not missed by it.
        Masker xmlish = Masker.of(List.of("pw\"with&<xml>"));
        new OperationRunner(null, backup("db", BackupArguments.none()), new LogProgress(log::add, xmlish), ws, xmlish)
                .backup(new BackupReport("db", false, "db2: refused pw\"with&<xml> for root", "/var/backups/rolestack",
                        List.of(), Optional.empty()));
        String escaped = java.nio.file.Files.readString(ws.resolve("rolestack-backup.xml"));
        assertThat(escaped).contains("db2: refused **** for root").doesNotContain("with&amp;").doesNotContain("pw&quot;");
    }
}
