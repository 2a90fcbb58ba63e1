package io.rolestack.platform.watch;

import io.rolestack.core.events.Progress;
import io.rolestack.core.remote.Shell;
import io.rolestack.core.result.Status;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.core.testing.StepChain;
import io.rolestack.core.wait.Wait;
import io.rolestack.platform.Platform;
import io.rolestack.platform.PlatformOptions;
import io.rolestack.platform.app.AppRequest;
import io.rolestack.platform.deploy.DeployOutcome;
import io.rolestack.platform.exec.ExecOutcome;
import io.rolestack.platform.exec.ExecRequest;
import io.rolestack.platform.provider.Providers;
import io.rolestack.role.plan.Limit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rolestack watch} polling an app's repo on real local hosts (root): app1 behind frontend1, the app in a
 * local git repo (file://) with {@code poll: 10s}, a watcher running in its own thread on the real clock. Its first
 * poll deploys; a pushed commit becomes current; a commit whose health check fails is reported, rolled back,
 * remembered and not retried (not after a restart either) while watching goes on; the next good commit deploys.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepChain.class)
class WatchAppsOnLocalHostsIT {
    static final String SITE = "site.watchit.wpdn";
    static final Duration DEPLOYED = Duration.ofMinutes(3);
    @TempDir
    static Path tmp;
    static PlatformSpec spec;
    static Path repo;
    static final List<String> log = new CopyOnWriteArrayList<>();
    static final List<WatchEvent> events = new CopyOnWriteArrayList<>();
    static Watcher watcher;
    static Thread thread;
    static String bad;

    @BeforeAll
    static void writeSpecAndRepo() throws Exception {
        repo = tmp.resolve("site");
        try (Git g = Git.init().setDirectory(repo.toFile()).setInitialBranch("master").call()) {
            commit(g, Map.of("index.php", "<?php echo \"version=1\\n\";\n", "health.php", "<?php echo \"ok\\n\";\n"), "first");
        }
        Path file = tmp.resolve("platform.yaml");
        Files.writeString(file, """
                environment: watchit
                domain: wpdn
                provider:
                  type: local
                  stateDir: %s
                jump: jump.watchit.wpdn
                hosts: [app1, frontend1]
                apps:
                  - name: site
                    repo: %s
                    health: /health.php
                    hostnames: [%s]
                    poll: 10s
                """.formatted(tmp.resolve("state"), repo.toUri(), SITE));
        spec = SpecLoader.load(file);
    }

    @AfterAll
    static void down() throws Exception {
        stopWatching();
        if (spec != null) assertThat(Providers.local(spec).down(spec.environment(), Progress.NONE).failed()).isFalse();
    }

    static String commit(Git g, Map<String, String> files, String message) throws Exception {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(repo.resolve(f.getKey()), f.getValue());
            g.add().addFilepattern(f.getKey()).call();
        }
        PersonIdent who = new PersonIdent("Test", "test@example.org");
        return g.commit().setMessage(message).setAuthor(who).setCommitter(who).call().name();
    }

    static String commit(Map<String, String> files, String message) throws Exception {
        try (Git g = Git.open(repo.toFile())) {
            return commit(g, files, message);
        }
    }

    static PlatformOptions options() {
        return PlatformOptions.defaults().withSecrets(tmp.resolve("secrets")).withProgress((host, message) -> log.add(host + ": " + message));
    }

    static Watcher newWatcher() {
        return Platform.open(spec, options()).watcher(WatchRequest.defaults(events::add).withStateDir(tmp.resolve("watch"))
                .withAppHealthTimeout(Duration.ofSeconds(15)));
    }

    static void startWatching() {
        watcher = newWatcher();
        Watcher w = watcher;
        thread = new Thread(() -> w.run(false), "watch-it");
        thread.start();
    }

    static void stopWatching() throws InterruptedException {
        if (thread == null) return;
        watcher.stop();
        thread.join(Duration.ofMinutes(2).toMillis());
        assertThat(thread.isAlive()).as("the watcher stopped (a running deploy finishes first)").isFalse();
        thread = null;
    }

    static String events() {
        return events.stream().map(e -> e.kind() + " " + e.job() + ": " + e.message()).collect(Collectors.joining("\n"))
                + "\nprogress:\n" + String.join("\n", log);
    }

    static WatchEvent awaitEvent(WatchEvent.Kind kind, String text) {
        return Wait.upTo(DEPLOYED).every(Duration.ofMillis(500)).forValue(() -> events.stream()
                        .filter(e -> e.job().equals("app site") && e.kind() == kind && e.message().contains(text)).findFirst(),
                () -> new IllegalStateException("no " + kind + " event with '" + text + "' within " + DEPLOYED + ":\n" + events()));
    }

    static AppRecord record() throws Exception {
        // The watcher holds the state's lock: read the file as it is on disk.
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(tmp.resolve("watch").resolve(WatchJobs.STATE_FILE))) {
            p.load(in);
        }
        return WatchState.apps(tmp.resolve("watch/watch-state"), p).getOrDefault("site", AppRecord.NONE);
    }

    /** GET through frontend1 from the jump host with the app's host name: "STATUS RELEASE-HEADER BODY". */
    static String get(String path) {
        String ip = Platform.open(spec, options()).listVms().host("frontend1").orElseThrow().privateIp();
        String py = "import http.client\n"
                + "c = http.client.HTTPConnection('" + ip + "', 80, timeout=10)\n"
                + "c.request('GET', '" + path + "', headers={'Host': '" + SITE + "'})\n"
                + "r = c.getresponse(); print(r.status, r.getheader('X-Rolestack-Release') or '-', r.read().decode().strip())\n";
        ExecOutcome o = Platform.open(spec, options().withLimit(Limit.parse("jump"))).exec(ExecRequest.of("python3 -c " + Shell.quote(py)));
        assertThat(o.exitCode()).as(o.hosts().toString()).isZero();
        return o.hosts().get(0).stdout().strip();
    }

    static List<String> currents() {
        return Platform.open(spec, options()).appReleases(AppRequest.of("site")).get(0).hosts().stream()
                .map(s -> s.host() + "=" + s.current().orElse("none")).toList();
    }

    static void awaitServed(String release, String body) {
        Wait.upTo(DEPLOYED).every(Duration.ofSeconds(1)).until(() -> get("/index.php").equals("200 " + release + " " + body),
                () -> new IllegalStateException("release " + release + " (" + body + ") not served within " + DEPLOYED + ": "
                        + get("/index.php") + "\n" + events()));
        assertThat(currents()).as("current on every host").containsExactlyInAnyOrder("app1=" + release, "frontend1=" + release);
    }

    @Test
    @Order(1)
    void applyBuildsTheHosts() {
        DeployOutcome applied = Platform.open(spec, options()).apply();
        assertThat(applied.summary().anyFailed()).as(applied.summary().results().stream().filter(x -> x.status() == Status.FAILED)
                .map(x -> x.host() + " " + x.operation() + ": " + x.message()).collect(Collectors.joining("\n"))).isFalse();
    }

    @Test
    @Order(2)
    void theFirstPollDeploysTheRefAndRecordsItsCommit() throws Exception {
        String first;
        try (Git g = Git.open(repo.toFile())) {
            first = g.getRepository().resolve("master").name();
        }
        startWatching();
        awaitEvent(WatchEvent.Kind.MOVED, "master is at " + first.substring(0, 12) + "; no deploy by watch recorded yet");
        awaitEvent(WatchEvent.Kind.SUCCEEDED, "commit " + first.substring(0, 12) + ": release ");
        AppRecord r = record();
        assertThat(r.deployedCommit()).contains(first);
        awaitServed(r.deployedRelease().orElseThrow(), "version=1");
    }

    @Test
    @Order(3)
    void aPushedCommitBecomesCurrent() throws Exception {
        String second = commit(Map.of("index.php", "<?php echo \"version=2\\n\";\n"), "second");
        awaitEvent(WatchEvent.Kind.SUCCEEDED, "commit " + second.substring(0, 12) + ": release ");
        AppRecord r = record();
        assertThat(r.deployedCommit()).contains(second);
        awaitServed(r.deployedRelease().orElseThrow(), "version=2");
    }

    @Test
    @Order(4)
    void aCommitWhoseHealthCheckFailsIsReportedRolledBackAndRemembered() throws Exception {
        String release = record().deployedRelease().orElseThrow();
        bad = commit(Map.of("health.php", "<?php http_response_code(500); echo \"broken\\n\";\n",
                "index.php", "<?php echo \"version=bad\\n\";\n"), "broken health");
        WatchEvent failed = awaitEvent(WatchEvent.Kind.FAILED, "commit " + bad.substring(0, 12) + ": ");
        assertThat(failed.message()).contains("marked BAD and rolled back to " + release).contains("HTTP 500")
                .endsWith("not deployed again by watch until master moves (or by hand: rolestack app deploy -f SPEC site)");
        assertThat(record().failedCommit()).contains(bad);
        awaitServed(release, "version=2");
        assertThat(thread.isAlive()).as("watching goes on").isTrue();
    }

    @Test
    @Order(5)
    void theFailedCommitIsNotRetriedNotAfterARestartEither() throws Exception {
        stopWatching();
        assertThat(events).anySatisfy(e -> assertThat(e.kind()).isEqualTo(WatchEvent.Kind.STOPPED));
        Watcher.WatchSummary once = newWatcher().run(true);
        assertThat(once).as("one poll, nothing deployed: " + events()).isEqualTo(new Watcher.WatchSummary(0, 0));
        startWatching();
    }

    @Test
    @Order(6)
    void theNextGoodCommitDeploys() throws Exception {
        String fixed = commit(Map.of("health.php", "<?php echo \"ok\\n\";\n", "index.php", "<?php echo \"version=3\\n\";\n"), "fixed");
        WatchEvent moved = awaitEvent(WatchEvent.Kind.MOVED, "master moved to " + fixed.substring(0, 12));
        assertThat(moved.message()).contains(bad.substring(0, 12) + " failed");
        awaitEvent(WatchEvent.Kind.SUCCEEDED, "commit " + fixed.substring(0, 12) + ": release ");
        AppRecord r = record();
        assertThat(r.deployedCommit()).contains(fixed);
        assertThat(r.failedCommit()).isEmpty();
        awaitServed(r.deployedRelease().orElseThrow(), "version=3");
        assertThat(events.stream().filter(e -> e.kind() == WatchEvent.Kind.STARTED && e.message().contains(bad.substring(0, 12))))
                .as("the bad commit was deployed once").hasSize(1);
    }
}
