package io.rolestack.platform.watch;

import io.rolestack.core.wait.Wait;
import io.rolestack.platform.watch.WatchEvent.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The watch loop on a fake clock: weeks pass in microseconds, no real sleep. */
class WatcherTest {
    static final CronSchedule SUNDAY_3 = CronSchedule.parse("0 3 * * 0", "unit/patching", ZoneOffset.UTC);
    /** 2025-01-01, a Wednesday, noon. Next slot: Sunday 2025-01-05 03:00. */
    static final Instant WEDNESDAY = Instant.parse("2025-01-01T12:00:00Z");
    static final Instant SUNDAY = Instant.parse("2025-01-05T03:00:00Z");

    @TempDir
    Path tmp;

    final List<WatchEvent> events = new CopyOnWriteArrayList<>();

    /** A job that records the clock at each run and answers what {@code outcome} says. */
    static final class RecordingJob implements ScheduledJob {
        final String name;
        final JobTiming timing;
        final FakeTime time;
        final List<Instant> runs = Collections.synchronizedList(new ArrayList<>());
        Supplier<JobOutcome> outcome = () -> JobOutcome.ok("done");

        RecordingJob(String name, JobTiming timing, FakeTime time) {
            this.name = name;
            this.timing = timing;
            this.time = time;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public JobTiming timing() {
            return timing;
        }

        @Override
        public JobOutcome run() {
            runs.add(time.instant());
            time.advance(Duration.ofMinutes(20)); // a patch roll takes a while
            return outcome.get();
        }
    }

    Watcher watcher(FakeTime time, ScheduledJob... jobs) {
        return new Watcher(List.of(jobs), tmp.resolve("state/watch-state"), time, time, events::add, Duration.ofMinutes(1));
    }

    List<Kind> kinds(String job) {
        return events.stream().filter(e -> e.job().equals(job)).map(WatchEvent::kind).toList();
    }

    String messages() {
        return String.join("\n", events.stream().map(e -> e.kind() + " " + e.job() + ": " + e.message()).toList());
    }

    @Test
    void aFirstStartRunsNothingThenRunsTheJobAtItsSlot() {
        FakeTime time = new FakeTime(WEDNESDAY, ZoneOffset.UTC);
        RecordingJob job = new RecordingJob("patching", SUNDAY_3, time);
        time.stopWhen = t -> !job.runs.isEmpty();
        Watcher.WatchSummary s = watcher(time, job).run(false);

        assertThat(job.runs).containsExactly(SUNDAY);
        assertThat(s).isEqualTo(new Watcher.WatchSummary(1, 0));
        assertThat(kinds("patching")).containsExactly(Kind.WATCHING, Kind.DUE, Kind.STARTED, Kind.SUCCEEDED, Kind.NEXT);
        WatchEvent due = events.stream().filter(e -> e.kind() == Kind.DUE).findFirst().orElseThrow();
        assertThat(due.at()).isEqualTo(SUNDAY);
        assertThat(due.message()).isEqualTo("slot 2025-01-05T03:00:00Z").doesNotContain("catching up");
        assertThat(messages()).contains("WATCHING patching: schedule '0 3 * * 0' in Z; no run yet, watched since 2025-01-01T12:00:00Z; "
                        + "next slot 2025-01-05T03:00:00Z")
                .contains("NEXT : sleeping until 2025-01-05T03:00:00Z (patching)")
                .contains("SUCCEEDED patching: done (took 20m)")
                .contains("NEXT patching: next slot 2025-01-12T03:00:00Z")
                .contains("STOPPED : 1 run(s), 0 failed");
        // Slept in steps of at most a minute, never zero: no busy loop, and the slot hit exactly.
        assertThat(time.sleeps).allSatisfy(d -> assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1)));
        // The last sleep is the one after the run, during which the test stops the watcher.
        assertThat(time.sleeps.subList(0, time.sleeps.size() - 1).stream().reduce(Duration.ZERO, Duration::plus))
                .isEqualTo(Duration.between(WEDNESDAY, SUNDAY));
        assertThat(time.sleeps).hasSize((int) Duration.between(WEDNESDAY, SUNDAY).toMinutes() + 1);
    }

    @Test
    void aRestartInTheSameWindowDoesNotRunTheJobAgain() {
        FakeTime time = new FakeTime(WEDNESDAY, ZoneOffset.UTC);
        RecordingJob job = new RecordingJob("patching", SUNDAY_3, time);
        time.stopWhen = t -> !job.runs.isEmpty();
        watcher(time, job).run(false);
        assertThat(job.runs).hasSize(1);

        // Restarted half an hour after the slot (e.g. a reboot of the machine during the window).
        time.advance(Duration.ofMinutes(10));
        RecordingJob again = new RecordingJob("patching", SUNDAY_3, time);
        assertThat(watcher(time, again).run(true)).isEqualTo(new Watcher.WatchSummary(0, 0));
        assertThat(again.runs).isEmpty();
        assertThat(messages()).contains("last run for 2025-01-05T03:00:00Z (ok)");
    }

    @Test
    void slotsMissedWhileWatchWasDownAreCaughtUpOnceAtStart() {
        FakeTime time = new FakeTime(WEDNESDAY, ZoneOffset.UTC);
        RecordingJob job = new RecordingJob("patching", SUNDAY_3, time);
        time.stopWhen = t -> !job.runs.isEmpty();
        watcher(time, job).run(false);

        // Down for three weeks: the slots of the 12th, 19th and 26th were missed.
        time.advance(Duration.ofDays(21));
        Instant restart = time.instant();
        RecordingJob again = new RecordingJob("patching", SUNDAY_3, time);
        events.clear();
        assertThat(watcher(time, again).run(true)).isEqualTo(new Watcher.WatchSummary(1, 0));
        assertThat(again.runs).as("once, not three times").containsExactly(restart);
        assertThat(messages()).contains("DUE patching: slot 2025-01-26T03:00:00Z was missed "
                + "(watch was not running, or busy): catching up once now, earlier missed slots are not run");
        assertThat(state().get("patching.lastSlot")).isEqualTo("2025-01-26T03:00:00Z");
    }

    @Test
    void slotsFromBeforeTheJobWasFirstWatchedAreNotCaughtUp() {
        FakeTime time = new FakeTime(SUNDAY.plus(Duration.ofMinutes(5)), ZoneOffset.UTC);
        RecordingJob job = new RecordingJob("patching", SUNDAY_3, time);
        assertThat(watcher(time, job).run(true).runs()).isZero();
        assertThat(job.runs).isEmpty();
        assertThat(state()).containsEntry("patching.watchedSince", "2025-01-05T03:05:00Z").doesNotContainKey("patching.lastSlot");
    }

    @Test
    void aFailingJobIsReportedAndWatchingGoesOn() {
        FakeTime time = new FakeTime(WEDNESDAY, ZoneOffset.UTC);
        RecordingJob job = new RecordingJob("patching", SUNDAY_3, time);
        List<Supplier<JobOutcome>> answers = new ArrayList<>(List.of(
                () -> {
                    throw new IllegalStateException("the patch lock is held by ops@jump (pid 7)");
                },
                () -> JobOutcome.failed("patch failed: roll stopped at app2"),
                () -> JobOutcome.ok("patch ok")));
        job.outcome = () -> answers.remove(0).get();
        time.stopWhen = t -> job.runs.size() == 3;
        Watcher.WatchSummary s = watcher(time, job).run(false);

        assertThat(job.runs).containsExactly(SUNDAY, SUNDAY.plus(Duration.ofDays(7)), SUNDAY.plus(Duration.ofDays(14)));
        assertThat(s).isEqualTo(new Watcher.WatchSummary(3, 2));
        assertThat(messages()).contains("FAILED patching: IllegalStateException: the patch lock is held by ops@jump (pid 7) (took 20m)")
                .contains("FAILED patching: patch failed: roll stopped at app2 (took 20m)")
                .contains("SUCCEEDED patching: patch ok (took 20m)");
        assertThat(state()).containsEntry("patching.lastResult", "ok").containsEntry("patching.lastSummary", "patch ok");
    }

    @Test
    void jobsDueAtOnceRunOneAfterTheOtherEarliestSlotFirst() {
        FakeTime time = new FakeTime(WEDNESDAY, ZoneOffset.UTC);
        RecordingJob late = new RecordingJob("backups", CronSchedule.parse("10 3 * * 0", "unit/backups", ZoneOffset.UTC), time);
        RecordingJob early = new RecordingJob("patching", SUNDAY_3, time);
        time.stopWhen = t -> !late.runs.isEmpty();
        watcher(time, late, early).run(false);
        assertThat(early.runs).containsExactly(SUNDAY);
        // backups' 03:10 slot came while the patch ran (20 min): it runs right after, logged as on time-ish (10 min late).
        assertThat(late.runs).containsExactly(SUNDAY.plus(Duration.ofMinutes(20)));
        assertThat(kinds("backups")).contains(Kind.DUE, Kind.SUCCEEDED);
    }

    @Test
    void aStopDuringAJobLetsItFinishAndStartsNothingMore() {
        FakeTime time = new FakeTime(SUNDAY.minusSeconds(30), ZoneOffset.UTC);
        RecordingJob job = new RecordingJob("patching", SUNDAY_3, time);
        Watcher[] w = new Watcher[1];
        job.outcome = () -> {
            w[0].stop(); // SIGTERM arriving mid-run
            return JobOutcome.ok("finished anyway");
        };
        w[0] = watcher(time, job);
        assertThat(w[0].run(false)).isEqualTo(new Watcher.WatchSummary(1, 0));
        assertThat(kinds("")).endsWith(Kind.STOPPING, Kind.STOPPED);
        assertThat(state()).containsEntry("patching.lastResult", "ok");
    }

    @Test
    void aStopWakesARealSleepAtOnce() throws Exception {
        FakeTime clock = new FakeTime(WEDNESDAY, ZoneOffset.UTC); // the clock stands still: only the stop can end the wait
        RecordingJob job = new RecordingJob("patching", SUNDAY_3, clock);
        Watcher w = new Watcher(List.of(job), tmp.resolve("watch-state"), clock, Sleeper.real(), events::add, Duration.ofHours(1));
        CompletableFuture<Watcher.WatchSummary> running = CompletableFuture.supplyAsync(() -> w.run(false));
        Wait.upTo(Duration.ofSeconds(10)).every(Duration.ofMillis(10)).until(() -> events.stream().anyMatch(e -> e.kind() == Kind.NEXT),
                () -> new IllegalStateException("the watcher did not go to sleep: " + messages()));
        w.stop();
        Watcher.WatchSummary s = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> running.get());
        assertThat(s.runs()).isZero();
        assertThat(job.runs).isEmpty();
    }

    @Test
    void aRunTheLastWatcherDiedInIsReportedAndNotRepeated() throws Exception {
        Files.createDirectories(tmp.resolve("state"));
        Files.writeString(tmp.resolve("state/watch-state"), """
                patching.watchedSince=2024-12-01T00\\:00\\:00Z
                patching.lastSlot=2025-01-05T03\\:00\\:00Z
                patching.lastStarted=2025-01-05T03\\:00\\:01Z
                patching.lastResult=running
                """);
        FakeTime time = new FakeTime(SUNDAY.plus(Duration.ofHours(1)), ZoneOffset.UTC);
        RecordingJob job = new RecordingJob("patching", SUNDAY_3, time);
        assertThat(watcher(time, job).run(true).runs()).isZero();
        assertThat(messages()).contains("INTERRUPTED patching: the run for 2025-01-05T03:00:00Z, started 2025-01-05T03:00:01Z, "
                + "never finished (watch was stopped or killed during it); it is not run again");
        assertThat(state()).containsEntry("patching.lastResult", "interrupted");
    }

    @Test
    void aSecondWatcherOnTheSameStateIsRefused() {
        FakeTime clock = new FakeTime(WEDNESDAY, ZoneOffset.UTC);
        try (WatchState held = WatchState.open(tmp.resolve("state/watch-state"))) {
            assertThatThrownBy(() -> watcher(clock, new RecordingJob("patching", SUNDAY_3, clock)).run(true))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another rolestack watch is using " + tmp.resolve("state/watch-state"));
        }
    }

    @Test
    void twoJobsWithOneNameAreRefused() {
        FakeTime clock = new FakeTime(WEDNESDAY, ZoneOffset.UTC);
        assertThatThrownBy(() -> watcher(clock, new RecordingJob("patching", SUNDAY_3, clock), new RecordingJob("patching", SUNDAY_3, clock)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("two scheduled jobs are named patching");
    }

    private Map<String, String> state() {
        try {
            java.util.Properties p = new java.util.Properties();
            p.load(new java.io.StringReader(Files.readString(tmp.resolve("state/watch-state"))));
            Map<String, String> m = new TreeMap<>();
            p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
            return m;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
