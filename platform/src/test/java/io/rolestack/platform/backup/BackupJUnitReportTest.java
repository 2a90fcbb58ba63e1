package io.rolestack.platform.backup;

import io.rolestack.backup.search.SnapshotInfo;
import io.rolestack.backup.search.SnapshotRecord;
import io.rolestack.backup.search.SnapshotVerification;
import io.rolestack.backup.search.StoredSnapshot;
import io.rolestack.mariadb.backup.BackupMetadata;
import io.rolestack.mariadb.backup.StoredBackup;
import io.rolestack.mariadb.backup.Verification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BackupJUnitReportTest {
    static final Instant T = Instant.parse("2026-12-07T03:00:00Z");
    static final Path DIR = Path.of("/var/backups/rolestack");

    static BackupMetadata metadata(String id, Verification v) {
        return new BackupMetadata(id, "db2.production.wpdn", true, "0-1-4711", "", "10.11.6", T, T.plusSeconds(40), 5_000_000L,
                1_200_000L, "ab".repeat(32), "zstd", Map.of("app.posts", 12L), true, v);
    }

    @Test
    void aBackupThatIsNotValidIsAFailureSayingWhyAndAValidOneIsNot(@TempDir Path tmp) throws Exception {
        Verification passed = new Verification(T.plusSeconds(90), "db2.production.wpdn", true, true, 12, Duration.ofMillis(50_250), "12 tables OK");
        Verification failed = new Verification(T.plusSeconds(90), "db2.production.wpdn", false, false, 0, Duration.ofSeconds(2),
                "checksum mismatch: the file changed or is damaged");
        BackupReport r = new BackupReport("list", true, "3 backups", DIR.toString(), List.of(
                new StoredBackup("20261205T030000Z-db2", DIR.resolve("20261205T030000Z-db2"), null, "no backup.json"),
                new StoredBackup("20261206T030000Z-db2", DIR.resolve("20261206T030000Z-db2"), metadata("20261206T030000Z-db2", failed), ""),
                new StoredBackup("20261207T030000Z-db2", DIR.resolve("20261207T030000Z-db2"), metadata("20261207T030000Z-db2", passed), "")),
                Optional.empty());
        Path file = tmp.resolve("backup.xml");
        BackupJUnitReport.write(r, file);
        String xml = Files.readString(file);
        assertThat(xml).contains("<testsuite name=\"rolestack.backup\" tests=\"3\" failures=\"2\" errors=\"0\" skipped=\"0\">")
                .contains("<testcase classname=\"rolestack.backup.db\" name=\"20261205T030000Z-db2\" time=\"0.000\"><failure message=\"unreadable: no backup.json\"")
                .contains("name=\"20261206T030000Z-db2\" time=\"2.000\"><failure message=\"restore test failed: checksum mismatch: the file changed or is damaged\"")
                .contains("<testcase classname=\"rolestack.backup.db\" name=\"20261207T030000Z-db2\" time=\"50.250\"><system-out>server db2.production.wpdn (replica), GTID 0-1-4711");
        assertThat(xml.substring(xml.indexOf("20261207T030000Z-db2\" time"))).doesNotContain("<failure");
    }

    @Test
    void anOperationThatFailedBeforeAnyBackupIsOneFailedTestcase() {
        String xml = BackupJUnitReport.xml(new BackupReport("db", false, "db2: mariadb-backup failed (exit 1)", DIR.toString(), List.of(), Optional.empty()));
        assertThat(xml).contains("tests=\"1\" failures=\"1\"").contains("name=\"backup db\"")
                .contains("<failure message=\"db2: mariadb-backup failed (exit 1)\"");
        String search = BackupJUnitReport.xml(SearchBackupReport.failed("snapshot", "cannot forward to 10.0.0.9:9200 through the jump host",
                "10.0.0.9:9200", "nightly"));
        assertThat(search).contains("classname=\"rolestack.backup.search\" name=\"backup search snapshot\"")
                .contains("failure message=\"cannot forward to 10.0.0.9:9200 through the jump host\"");
    }

    @Test
    void aSnapshotIsValidOnlyWithAPassedRestoreTestOfASuccessfulSnapshot() {
        SnapshotInfo ok = new SnapshotInfo("rolestack-20261207-030000", SnapshotInfo.SUCCESS, T, Optional.of(T.plusSeconds(5)), List.of("products"), 0, List.of());
        SnapshotInfo partial = new SnapshotInfo("rolestack-20261206-030000", "PARTIAL", T, Optional.of(T.plusSeconds(5)), List.of("products"), 1, List.of("x"));
        SnapshotVerification passed = new SnapshotVerification(T.plusSeconds(30), true, Map.of("products", 1234L), Duration.ofSeconds(9), "1234 documents");
        SearchBackupReport r = new SearchBackupReport("list", true, "2 snapshots", "elastic1:9200", "nightly", List.of(
                new StoredSnapshot(partial, Optional.empty(), null),
                new StoredSnapshot(ok, Optional.of(new SnapshotRecord("nightly", ok.name(), Map.of("products", 1234L), Map.of("products", 1234L),
                        Optional.of(passed))), null)), Optional.empty(), false);
        String xml = BackupJUnitReport.xml(r);
        assertThat(xml).contains("tests=\"2\" failures=\"1\"")
                .contains("name=\"rolestack-20261206-030000\" time=\"0.000\"><failure message=\"snapshot PARTIAL, not SUCCESS\"")
                .contains("name=\"rolestack-20261207-030000\" time=\"9.000\"><system-out>elastic1:9200 nightly: SUCCESS, indices products");
    }
}
