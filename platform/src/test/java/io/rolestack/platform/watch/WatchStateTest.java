package io.rolestack.platform.watch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WatchStateTest {
    @TempDir
    Path tmp;

    static final Instant SINCE = Instant.parse("2024-12-01T10:00:00Z");
    static final Instant SLOT = Instant.parse("2025-01-05T03:51:00Z");

    @Test
    void recordsSurviveAWriteAndARead() throws Exception {
        Path file = tmp.resolve("env/watch-state");
        JobRecord done = JobRecord.watchedSince(SINCE).started(SLOT, SLOT.plusSeconds(2))
                .finished(SLOT.plusSeconds(1200), JobOutcome.failed("patch failed: roll stopped at app2\nsecond line = x: y # z"));
        JobRecord fresh = JobRecord.watchedSince(SINCE.plusSeconds(60));
        try (WatchState s = WatchState.open(file)) {
            assertThat(s.job("patching")).isEmpty();
            s.put("patching", done);
            s.put("backups", fresh);
        }
        try (WatchState again = WatchState.open(file)) {
            assertThat(again.job("patching")).contains(done);
            assertThat(again.job("backups")).contains(fresh);
        }
        String text = Files.readString(file);
        assertThat(text).startsWith("# rolestack watch:").contains("patching.lastSlot=2025-01-05T03\\:51\\:00Z")
                .contains("patching.lastResult=failed").doesNotContain("\nsecond line");
        assertThat(text.lines().filter(l -> !l.startsWith("#")).toList()).isSorted();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        try (var dir = Files.list(file.getParent())) {
            assertThat(dir.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("watch-state", "watch-state.lock");
        }
    }

    @Test
    void theStartedRecordClaimsTheSlotBeforeTheRun() {
        JobRecord r = JobRecord.watchedSince(SINCE).started(SLOT, SLOT.plusSeconds(1));
        assertThat(r.lastResult()).contains(JobRecord.Result.RUNNING);
        assertThat(r.lastFinished()).isEmpty();
        assertThat(r.coveredUntil()).isEqualTo(SLOT);
        assertThat(JobRecord.watchedSince(SINCE).coveredUntil()).isEqualTo(SINCE);
        assertThat(r.interrupted().lastResult()).contains(JobRecord.Result.INTERRUPTED);
    }

    @Test
    void aDamagedFileIsRefusedNamingTheFileAndTheKey() throws Exception {
        Path file = tmp.resolve("watch-state");
        Files.writeString(file, "patching.watchedSince=yesterday\n");
        assertThatThrownBy(() -> WatchState.open(file)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the watch state " + file + ": patching.watchedSince 'yesterday' is not an ISO-8601 instant such as "
                        + "2025-01-05T03:17:00Z (move the file away to start afresh)");
        Files.writeString(file, "patching.watchedSince=2024-12-01T10\\:00\\:00Z\npatching.lastResult=maybe\n");
        assertThatThrownBy(() -> WatchState.open(file)).hasMessageContaining("patching.lastResult 'maybe' is none of ok, failed, running, interrupted");
    }

    @Test
    void theFormatIsStable() {
        Map<String, JobRecord> m = new TreeMap<>();
        m.put("patching", new JobRecord(SINCE, Optional.of(SLOT), Optional.of(SLOT), Optional.of(SLOT.plusSeconds(60)),
                Optional.of(JobRecord.Result.OK), Optional.of("patch ok: 3 host(s)")));
        assertThat(WatchState.format(m)).isEqualTo("""
                # rolestack watch: per job, since when it is watched and its last run; per polled app (app.NAME.*), the last commit deployed and the last that failed. Deleting it forgets every run: nothing is caught up, the next slot runs, every polled app is deployed once (a no-op where the hosts run it).
                patching.lastFinished=2025-01-05T03\\:52\\:00Z
                patching.lastResult=ok
                patching.lastSlot=2025-01-05T03\\:51\\:00Z
                patching.lastStarted=2025-01-05T03\\:51\\:00Z
                patching.lastSummary=patch ok\\: 3 host(s)
                patching.watchedSince=2024-12-01T10\\:00\\:00Z
                """);
    }

    static final String A = "a".repeat(40);
    static final String B = "b".repeat(40);

    @Test
    void appRecordsSurviveAWriteAndAReadBesideTheJobs() throws Exception {
        Path file = tmp.resolve("watch-state");
        AppRecord site = AppRecord.NONE.deployed(A, "0123456789abcdef", SLOT).failed(B, SLOT.plusSeconds(60), "release x marked BAD: HTTP 500");
        try (WatchState s = WatchState.open(file)) {
            assertThat(s.app("site")).isEqualTo(AppRecord.NONE);
            s.put("patching", JobRecord.watchedSince(SINCE));
            s.putApp("site", site);
            s.putApp("my_blog", AppRecord.NONE.deployed(B, "fedcba9876543210", SLOT));
        }
        try (WatchState again = WatchState.open(file)) {
            assertThat(again.app("site")).isEqualTo(site);
            assertThat(again.app("my_blog").deployedCommit()).contains(B);
            assertThat(again.app("my_blog").failedCommit()).isEmpty();
            assertThat(again.job("patching")).contains(JobRecord.watchedSince(SINCE));
        }
        assertThat(Files.readString(file)).contains("app.site.deployedCommit=" + A, "app.site.failedCommit=" + B,
                "app.site.failedSummary=release x marked BAD\\: HTTP 500", "app.my_blog.deployedRelease=fedcba9876543210");
        assertThat(site.deployed(B, "1111111111111111", SLOT).failedCommit()).as("a good deploy forgets the failure").isEmpty();
    }

    @Test
    void aDamagedAppCommitIsRefusedNamingTheKey() throws Exception {
        Path file = tmp.resolve("watch-state");
        Files.writeString(file, "app.site.deployedCommit=HEAD\n");
        assertThatThrownBy(() -> WatchState.open(file)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the watch state " + file + ": app.site.deployedCommit 'HEAD' is not a commit id (40 hex digits)"
                        + " (move the file away to start afresh)");
    }
}
