package io.rolestack.platform.watch;

import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.platform.backup.BackupReport;
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
        return new BackupReport(op, ok, message, Path.of("/var/backups/rolestack"), List.of(), Optional.empty());
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
        JobOutcome ok = new BackupJob(nightly, () -> {
            calls.add("backup");
            return report("db", true, "20261207T020000Z-db2 valid");
        }, () -> {
            calls.add("prune");
            return report("prune", true, "0 deleted");
        }).run();
        assertThat(calls).containsExactly("backup", "prune");
        assertThat(ok).isEqualTo(JobOutcome.ok("backup ok: 20261207T020000Z-db2 valid; prune ok: 0 deleted"));

        calls.clear();
        JobOutcome failed = new BackupJob(nightly, () -> {
            calls.add("backup");
            return report("db", false, "restore test failed: CHECK TABLE app.posts");
        }, () -> {
            calls.add("prune");
            return report("prune", true, "");
        }).run();
        assertThat(calls).containsExactly("backup");
        assertThat(failed).isEqualTo(JobOutcome.failed("backup failed: restore test failed: CHECK TABLE app.posts; nothing pruned"));
    }
}
