package io.rolestack.platform.watch;

import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.patch.HostPatch;
import io.rolestack.patch.PackageUpgrade;
import io.rolestack.patch.PatchReport;
import io.rolestack.platform.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatchJobTest {
    static HostPatch host(String name, HostPatch.Outcome outcome, boolean reboot, String message) {
        return new HostPatch(name + ".prod.wpdn", "app", 1, outcome, List.of(new PackageUpgrade("libc6", "2.36-9", "2.36-9+deb12u1")),
                List.of(), List.of(), reboot, Optional.empty(), Optional.empty(), Duration.ofSeconds(30), message);
    }

    @Test
    void aPatchReportBecomesOneLineAndItsVerdict() {
        PatchReport ok = new PatchReport(List.of(host("app1", HostPatch.Outcome.PATCHED, true, ""),
                host("app2", HostPatch.Outcome.UP_TO_DATE, false, "")), false, Optional.empty(), List.of());
        JobOutcome o = new PatchJob(CronSchedule.parse("0 3 * * 0", "p", ZoneOffset.UTC), () -> ok).run();
        assertThat(o).isEqualTo(JobOutcome.ok("patch ok: 2 host(s), 1 patched (1 rebooted), 1 up to date, 0 stopped or failed"));

        PatchReport stopped = new PatchReport(List.of(host("app1", HostPatch.Outcome.PATCHED, false, ""),
                host("app2", HostPatch.Outcome.UNHEALTHY, false, "unhealthy 180 s after patching: tcp 9000"),
                HostPatch.notStarted("jump.prod.wpdn", "jump", 3, "not started")), false, Optional.of("app2"), List.of());
        JobOutcome bad = new PatchJob(CronSchedule.parse("0 3 * * 0", "p", ZoneOffset.UTC), () -> stopped).run();
        assertThat(bad.ok()).isFalse();
        assertThat(bad.summary()).isEqualTo("patch failed: 3 host(s), 1 patched (0 rebooted), 0 up to date, 2 stopped or failed; "
                + "roll stopped at app2; app2: unhealthy 180 s after patching: tcp 9000");
    }

    static PlatformSpec spec(String patching) {
        return SpecLoader.parse(Path.of("unit.yaml"), """
                environment: unit
                domain: wpdn
                provider: { type: local }
                jump: jump
                hosts: [app1]
                """ + patching);
    }

    @Test
    void theSpecsPatchingScheduleIsAJob() {
        PlatformSpec s = spec("patching: { schedule: \"H 3 * * 0\" }\n");
        assertThat(WatchJobs.schedules(s)).containsExactly(java.util.Map.entry("patching", "H 3 * * 0"));
        assertThat(WatchJobs.seed(s, "patching")).isEqualTo("unit/patching");
        List<ScheduledJob> jobs = WatchJobs.of(s, ZoneOffset.UTC, () -> {
            throw new AssertionError("not run here");
        }, () -> null, () -> null, () -> null, () -> null);
        assertThat(jobs).extracting(ScheduledJob::name).containsExactly("patching");
        assertThat(jobs.get(0).timing().describe()).startsWith("'H 3 * * 0' (H resolved: '");
    }

    @Test
    void aSpecWithoutSchedulesIsRefused() {
        PlatformSpec s = spec("");
        assertThatThrownBy(() -> WatchJobs.of(s, ZoneOffset.UTC, () -> null, () -> null, () -> null, () -> null, () -> null)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("unit.yaml schedules nothing for rolestack watch: add a patching: block, or a backups: block with a schedule, or poll: to an app (docs/watch.md)");
        assertThatThrownBy(() -> WatchJobs.schedule(s, "patching"))
                .hasMessage("unit.yaml has no schedule for 'patching' (no patching.schedule); scheduled: nothing");
        assertThatThrownBy(() -> WatchJobs.schedule(s, "patch")).hasMessage("no scheduled job is called 'patch'; jobs: backups, backups.search, patching");
    }
}
