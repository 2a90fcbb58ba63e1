package io.rolestack.platform.watch;

import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.platform.backup.BackupReport;
import io.rolestack.platform.backup.SearchBackupReport;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BackupJobTest {
    static BackupReport report(String op, boolean ok, String message) {
        return new BackupReport(op, ok, message, "/var/backups/rolestack", List.of(), Optional.empty());
    }

    @Test
    void theSpecsBackupScheduleIsAJobBesideThePatchRun() {
        PlatformSpec s = PatchJobTest.spec("patching: { schedule: \"H 3 * * 0\" }\n"
                + "backups: { target: { dir: /var/backups/rolestack }, schedule: \"H 2 * * *\" }\n");
        assertThat(WatchJobs.schedules(s)).containsExactly(Map.entry("patching", "H 3 * * 0"), Map.entry("backups", "H 2 * * *"));
        List<ScheduledJob> jobs = WatchJobs.of(s, ZoneOffset.UTC, () -> null, () -> null, () -> null, () -> null, () -> null);
        assertThat(jobs).extracting(ScheduledJob::name).containsExactly("patching", "backups");
        assertThat(WatchJobs.seed(s, "backups")).isEqualTo("unit/backups");
    }

    @Test
    void aGoodBackupIsFollowedByRetentionAFailedOneDeletesNothing() {
        CronSchedule nightly = CronSchedule.parse("0 2 * * *", "b", ZoneOffset.UTC);
        List<String> calls = new ArrayList<>();
        JobOutcome ok = BackupJob.db(nightly, () -> {
            calls.add("backup");
            return report("db", true, "20261207T020000Z-db2 valid");
        }, () -> {
            calls.add("prune");
            return report("prune", true, "0 deleted");
        }).run();
        assertThat(calls).containsExactly("backup", "prune");
        assertThat(ok).isEqualTo(JobOutcome.ok("backup ok: 20261207T020000Z-db2 valid; prune ok: 0 deleted"));

        calls.clear();
        JobOutcome failed = BackupJob.db(nightly, () -> {
            calls.add("backup");
            return report("db", false, "restore test failed: CHECK TABLE app.posts");
        }, () -> {
            calls.add("prune");
            return report("prune", true, "");
        }).run();
        assertThat(calls).containsExactly("backup");
        assertThat(failed).isEqualTo(JobOutcome.failed("backup failed: restore test failed: CHECK TABLE app.posts; nothing pruned"));
    }

    static SearchBackupReport searchReport(String op, boolean ok, String message) {
        return new SearchBackupReport(op, ok, message, "elastic1:9200", "nightly", List.of(), Optional.empty(), false);
    }

    @Test
    void theSearchSnapshotScheduleIsAJobOfItsOwnBesideTheDatabaseBackups() {
        PlatformSpec s = PatchJobTest.spec("backups:\n  target: { dir: /var/backups/rolestack }\n  schedule: \"H 2 * * *\"\n"
                + "  search: { url: \"http://10.0.0.9:9200\", repository: nightly, schedule: \"H 4 * * *\" }\n");
        assertThat(WatchJobs.schedules(s)).containsExactly(Map.entry("backups", "H 2 * * *"), Map.entry("backups.search", "H 4 * * *"));
        List<String> calls = new ArrayList<>();
        List<ScheduledJob> jobs = WatchJobs.of(s, ZoneOffset.UTC, () -> null, () -> null, () -> null, () -> {
            calls.add("snapshot");
            return searchReport("snapshot", true, "rolestack-20261207t040000z valid");
        }, () -> {
            calls.add("prune");
            return searchReport("prune", true, "0 deleted");
        });
        assertThat(jobs).extracting(ScheduledJob::name).containsExactly("backups", "backups.search");
        assertThat(jobs.get(1).run()).isEqualTo(JobOutcome.ok("search snapshot ok: rolestack-20261207t040000z valid; prune ok: 0 deleted"));
        assertThat(calls).containsExactly("snapshot", "prune");
        assertThat(WatchJobs.schedule(s, "backups.search")).isEqualTo("H 4 * * *");
    }

    @Test
    void aFailedSnapshotDeletesNothing() {
        CronSchedule nightly = CronSchedule.parse("0 4 * * *", "s", ZoneOffset.UTC);
        List<String> calls = new ArrayList<>();
        JobOutcome failed = BackupJob.search(nightly, () -> {
            calls.add("snapshot");
            return searchReport("snapshot", false, "restore test failed: products has 1233 documents, 1234 at the snapshot");
        }, () -> {
            calls.add("prune");
            return searchReport("prune", true, "");
        }).run();
        assertThat(calls).containsExactly("snapshot");
        assertThat(failed).isEqualTo(JobOutcome.failed(
                "search snapshot failed: restore test failed: products has 1233 documents, 1234 at the snapshot; nothing pruned"));
    }
}
