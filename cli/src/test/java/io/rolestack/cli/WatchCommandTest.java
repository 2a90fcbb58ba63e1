package io.rolestack.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.rolestack.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code rolestack watch} and {@code rolestack spec schedule} from the command line; no host is up, none is needed. */
class WatchCommandTest {
    @TempDir
    Path tmp;

    Path spec(String patching) throws Exception {
        Path file = tmp.resolve("spec.yaml");
        Files.writeString(file, """
                environment: production
                domain: wpdn
                provider:
                  type: local
                  stateDir: %s
                jump: jump.production.wpdn
                hosts: [app1]
                %s""".formatted(tmp.resolve("hosts"), patching));
        return file;
    }

    @Test
    void specSchedulePrintsTheCronAsWrittenForJenkins() throws Exception {
        Path s = spec("patching:\n  schedule: \"H 3 * * 0\"\n");
        CliTest.Run r = run("spec", "schedule", "-f", s.toString(), "patching");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("H 3 * * 0\n");

        CliTest.Run resolved = run("spec", "schedule", "-f", s.toString(), "patching", "--resolved", "--next", "2");
        assertThat(resolved.exit()).isZero();
        // production/patching: H -> 51 (HashedCronTest pins it).
        assertThat(resolved.out().lines().toList()).hasSize(3).first().isEqualTo("51 3 * * 0");
        assertThat(resolved.out().lines().skip(1).toList()).allSatisfy(l -> assertThat(l).matches("  \\d{4}-\\d\\d-\\d\\dT03:51:00.*"));

        assertThat(run("spec", "schedule", "-f", s.toString()).out()).isEqualTo("patching H 3 * * 0\n");
    }

    @Test
    void theJenkinsPatchJobsDefaultSpecHasAWeeklySchedule() {
        // jenkins/patch.Jenkinsfile sets its cron trigger from exactly this output.
        CliTest.Run r = run("spec", "schedule", "-f", "../examples/platform-openstack.yaml", "patching", "--optional");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("H 3 * * 0\n");
    }

    @Test
    void specScheduleOfAMissingScheduleFailsUnlessOptional() throws Exception {
        Path s = spec("");
        CliTest.Run r = run("spec", "schedule", "-f", s.toString(), "patching");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("rolestack: " + s + " has no schedule for 'patching' (no patching.schedule); scheduled: nothing");
        CliTest.Run optional = run("spec", "schedule", "-f", s.toString(), "patching", "--optional");
        assertThat(optional.exit()).isZero();
        assertThat(optional.out()).isEmpty();
        CliTest.Run typo = run("spec", "schedule", "-f", s.toString(), "patch", "--optional");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).contains("no scheduled job is called 'patch'; jobs: backups, backups.search, patching");
    }

    @Test
    void watchWithNothingScheduledIsBadInput() throws Exception {
        Path s = spec("");
        CliTest.Run r = run("watch", "-f", s.toString(), "--once", "--state", tmp.resolve("state").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(s + " schedules nothing for rolestack watch: add a patching: block, or a backups: block with a schedule, or poll: to an app");
        assertThat(tmp.resolve("state")).doesNotExist();
    }

    @Test
    void watchOncePollsAnAppDeploysItsRefAndDoesNotRetryTheCommitThatFailed() throws Exception {
        Path repo = tmp.resolve("site");
        String commit;
        try (org.eclipse.jgit.api.Git g = org.eclipse.jgit.api.Git.init().setDirectory(repo.toFile()).setInitialBranch("master").call()) {
            Files.writeString(repo.resolve("index.php"), "<?php echo 1;\n");
            g.add().addFilepattern("index.php").call();
            org.eclipse.jgit.lib.PersonIdent who = new org.eclipse.jgit.lib.PersonIdent("Test", "test@example.org");
            commit = g.commit().setMessage("first").setAuthor(who).setCommitter(who).call().name();
        }
        Path s = tmp.resolve("apps.yaml");
        Files.writeString(s, """
                environment: production
                domain: wpdn
                provider:
                  type: local
                  stateDir: %s
                jump: jump.production.wpdn
                hosts: [app1, frontend1]
                apps:
                  - { name: site, repo: %s, poll: 1m }
                """.formatted(tmp.resolve("hosts"), repo.toUri()));
        Path state = tmp.resolve("state");
        // No host is up: the deploy of the ref fails, is reported and remembered.
        CliTest.Run first = run("watch", "-f", s.toString(), "--once", "--state", state.toString());
        assertThat(first.exit()).as(first.err()).isEqualTo(1);
        assertThat(first.out()).isEqualTo("1 run(s), 1 failed\n");
        assertThat(first.err()).contains("[watch] app site: watching: polls " + repo.toUri() + " master every 1m; nothing deployed by watch yet")
                .contains("[watch] app site: moved: master is at " + commit.substring(0, 12) + "; no deploy by watch recorded yet")
                .contains("[watch] app site: started: deploying commit " + commit.substring(0, 12))
                .contains("[watch] app site: failed: commit " + commit.substring(0, 12) + ": ")
                .contains("not deployed again by watch until master moves (or by hand: rolestack app deploy -f SPEC site)");
        assertThat(Files.readString(state.resolve("watch-state"))).contains("app.site.failedCommit=" + commit);

        CliTest.Run again = run("watch", "-f", s.toString(), "--once", "--state", state.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo("0 run(s), 0 failed\n");
        assertThat(again.err()).contains("commit " + commit.substring(0, 12) + " failed, not retried").doesNotContain("started:");
    }

    @Test
    void watchOnceRunsAMissedPatchSlotAndReportsItsFailure() throws Exception {
        Path s = spec("patching:\n  schedule: \"H 3 * * 0\"\n");
        Path state = tmp.resolve("state");
        // First start: nothing to catch up (the slots before are not watch's).
        CliTest.Run first = run("watch", "-f", s.toString(), "--once", "--state", state.toString());
        assertThat(first.exit()).isZero();
        assertThat(first.out()).isEqualTo("0 run(s), 0 failed\n");
        assertThat(first.err()).contains("[watch] patching: watching: schedule 'H 3 * * 0' (H resolved: '51 3 * * 0')");

        // As if watch had been set up long ago and was down at the last slot: the patch runs once, now.
        Files.writeString(state.resolve("watch-state"), "patching.watchedSince=2020-01-01T00\\:00\\:00Z\n");
        CliTest.Run caughtUp = run("watch", "-f", s.toString(), "--once", "--state", state.toString());
        assertThat(caughtUp.exit()).as(caughtUp.err()).isEqualTo(1);
        assertThat(caughtUp.out()).isEqualTo("1 run(s), 1 failed\n");
        assertThat(caughtUp.err()).containsPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\S* \\[watch\\] patching: due: slot \\S+ was missed")
                .contains("[watch] patching: started: running now")
                // The patch itself ran and failed: no local hosts are up in this test.
                .contains("[watch] patching: failed: IllegalStateException: no local hosts for environment 'production'");
        assertThat(Files.readString(state.resolve("watch-state"))).contains("patching.lastResult=failed");

        // Same window again: already run (failed runs count), nothing to do.
        CliTest.Run again = run("watch", "-f", s.toString(), "--once", "--state", state.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.out()).isEqualTo("0 run(s), 0 failed\n");
    }

    @Test
    void helpSaysWhatRunsWhen() {
        CliTest.Run help = run("watch", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--once", "--state=DIR", "--limit=HOST|ROLE", "patching.schedule", "catch-up",
                "SIGTERM", "docs/watch.md");
        assertThat(run("--help").out()).contains("watch");
        assertThat(run("spec", "schedule", "--help").out()).contains("--resolved", "--next=N", "--optional");
    }
}
