package io.rolestack.platform.watch;

import io.rolestack.app.deploy.AppOutcome;
import io.rolestack.platform.watch.WatchEvent.Kind;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watcher with a polled app: a real git repo (file://) polled by ls-remote, on a fake clock; the deploy is a
 * stand-in that records which commit the repo was at and answers what the test says ({@code WatchAppsOnLocalHostsIT}
 * deploys for real).
 */
class WatchAppsTest {
    static final Instant START = Instant.parse("2025-01-01T12:00:00Z");

    @TempDir
    Path tmp;
    Path repo;
    Git git;
    final List<WatchEvent> events = new CopyOnWriteArrayList<>();
    /** The commit master was at when each deploy ran. */
    final List<String> deploys = new ArrayList<>();
    boolean healthy = true;

    @BeforeEach
    void repo() throws Exception {
        repo = tmp.resolve("site");
        git = Git.init().setDirectory(repo.toFile()).setInitialBranch("master").call();
    }

    String commit(String content) throws Exception {
        Files.writeString(repo.resolve("index.php"), content);
        git.add().addFilepattern("index.php").call();
        PersonIdent who = new PersonIdent("Test", "test@example.org");
        return git.commit().setMessage(content).setAuthor(who).setCommitter(who).call().name();
    }

    static void move(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String commitOrFail(String content) {
        try {
            return commit(content);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    AppWatch app(FakeTime time) {
        return new AppWatch("site", repo.toUri().toString(), "master", Duration.ofMinutes(1), AppWatch.RemoteRefs.git(), () -> {
            String at;
            try {
                at = git.getRepository().resolve("master").name();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            deploys.add(at);
            time.advance(Duration.ofSeconds(20));
            String release = at.substring(0, 16);
            return healthy
                    ? new AppOutcome("site", release, Optional.empty(), AppOutcome.Status.DEPLOYED, List.of(), "release " + release + " is current and healthy")
                    : new AppOutcome("site", release, Optional.empty(), AppOutcome.Status.FAILED, List.of(),
                    "release " + release + " marked BAD and rolled back to x: health check failed: HTTP 500");
        });
    }

    Watcher watcher(FakeTime time, List<ScheduledJob> jobs) {
        return new Watcher(jobs, List.of(app(time)), tmp.resolve("state/watch-state"), time, time, events::add, Duration.ofMinutes(1));
    }

    String log() {
        return String.join("\n", events.stream().map(e -> e.kind() + " " + e.job() + ": " + e.message()).toList());
    }

    AppRecord record() {
        try (WatchState s = WatchState.open(tmp.resolve("state/watch-state"))) {
            return s.app("site");
        }
    }

    @Test
    void eachOnceRunPollsOnceDeploysWhatMovedAndNeverRetriesAFailedCommit() throws Exception {
        FakeTime time = new FakeTime(START, ZoneOffset.UTC);
        String a = commit("1");
        assertThat(watcher(time, List.of()).run(true)).as(log()).isEqualTo(new Watcher.WatchSummary(1, 0));
        assertThat(deploys).containsExactly(a);
        assertThat(record().deployedCommit()).contains(a);
        assertThat(record().deployedRelease()).contains(a.substring(0, 16));
        assertThat(log()).contains("MOVED app site: master is at " + a.substring(0, 12) + "; no deploy by watch recorded yet")
                .contains("STARTED app site: deploying commit " + a.substring(0, 12))
                .contains("SUCCEEDED app site: commit " + a.substring(0, 12) + ": release " + a.substring(0, 16) + " is current and healthy (took 20s)");

        assertThat(watcher(time, List.of()).run(true)).as("nothing moved").isEqualTo(new Watcher.WatchSummary(0, 0));
        assertThat(deploys).hasSize(1);

        String bad = commit("2");
        healthy = false;
        assertThat(watcher(time, List.of()).run(true)).isEqualTo(new Watcher.WatchSummary(1, 1));
        assertThat(record().failedCommit()).contains(bad);
        assertThat(record().deployedCommit()).as("the last good one is kept").contains(a);
        assertThat(log()).contains("FAILED app site: commit " + bad.substring(0, 12) + ": release " + bad.substring(0, 16)
                + " marked BAD and rolled back to x: health check failed: HTTP 500 (took 20s); not deployed again by watch until master moves"
                + " (or by hand: rolestack app deploy -f SPEC site)");

        events.clear();
        assertThat(watcher(time, List.of()).run(true)).as("the failed commit is not retried, after a restart either").isEqualTo(new Watcher.WatchSummary(0, 0));
        assertThat(deploys).containsExactly(a, bad);
        assertThat(log()).contains("WATCHING app site: polls " + repo.toUri() + " master every 1m; last deployed commit "
                + a.substring(0, 12) + " (release " + a.substring(0, 16) + "); commit " + bad.substring(0, 12) + " failed, not retried");

        healthy = true;
        String fixed = commit("3");
        assertThat(watcher(time, List.of()).run(true)).isEqualTo(new Watcher.WatchSummary(1, 0));
        assertThat(deploys).containsExactly(a, bad, fixed);
        assertThat(record().deployedCommit()).contains(fixed);
        assertThat(record().failedCommit()).isEmpty();
        assertThat(log()).contains("master moved to " + fixed.substring(0, 12) + " (last deployed " + a.substring(0, 12) + ", "
                + bad.substring(0, 12) + " failed): deploying");
    }

    @Test
    void aLongRunningWatchPollsEveryIntervalBesideItsScheduleAndReportsAnUnreachableRepoOnce() throws Exception {
        FakeTime time = new FakeTime(START, ZoneOffset.UTC);
        String a = commit("1");
        WatcherTest.RecordingJob patch = new WatcherTest.RecordingJob("patching",
                CronSchedule.parse("15 12 * * *", "unit/patching", ZoneOffset.UTC), time);
        Path away = tmp.resolve("away");
        String[] b = new String[1];
        // From 12:02 the repo is gone, from 12:04 back; at 12:10 a commit is pushed; the patch runs 12:15-12:35.
        java.util.Deque<java.util.Map.Entry<Duration, Runnable>> plan = new java.util.ArrayDeque<>(List.of(
                java.util.Map.entry(Duration.ofMinutes(2), () -> move(repo, away)),
                java.util.Map.entry(Duration.ofMinutes(4), () -> move(away, repo)),
                java.util.Map.entry(Duration.ofMinutes(10), () -> b[0] = commitOrFail("2"))));
        time.stopWhen = t -> {
            while (!plan.isEmpty() && !t.isBefore(START.plus(plan.peek().getKey()))) plan.poll().getValue().run();
            return !t.isBefore(START.plus(Duration.ofMinutes(40)));
        };
        Watcher.WatchSummary s = watcher(time, List.of(patch)).run(false);
        assertThat(deploys).as(log()).containsExactly(a, b[0]);
        assertThat(patch.runs).as("the schedule runs as before").containsExactly(Instant.parse("2025-01-01T12:15:00Z"));
        assertThat(time.sleeps).as("no sleep beyond the next poll").allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMinutes(1)));
        assertThat(events.stream().filter(e -> e.kind() == Kind.FAILED && e.message().startsWith("cannot poll: app site: repo: cannot list the refs of ")))
                .as("reported once, not every minute: " + log()).hasSize(1);
        assertThat(events.stream().filter(e -> e.kind() == Kind.RECOVERED)).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("the repo answers again: master is at " + a.substring(0, 12)));
        assertThat(s).isEqualTo(new Watcher.WatchSummary(3, 1));
        assertThat(events.stream().filter(e -> e.kind() == Kind.NEXT && e.job().isEmpty()).map(WatchEvent::message))
                .contains("sleeping until 2025-01-01T12:15:00Z (patching), polling 1 app(s) meanwhile");
    }
}
