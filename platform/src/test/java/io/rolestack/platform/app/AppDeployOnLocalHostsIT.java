package io.rolestack.platform.app;

import io.rolestack.app.deploy.AppOutcome;
import io.rolestack.app.deploy.ReleaseState;
import io.rolestack.app.source.SourceException;
import io.rolestack.core.events.Progress;
import io.rolestack.core.remote.Shell;
import io.rolestack.core.result.Status;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.core.testing.StepChain;
import io.rolestack.platform.Platform;
import io.rolestack.platform.PlatformOptions;
import io.rolestack.platform.deploy.DeployOutcome;
import io.rolestack.platform.exec.ExecOutcome;
import io.rolestack.platform.exec.ExecRequest;
import io.rolestack.platform.provider.Providers;
import io.rolestack.platform.testing.RequestLoop;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code Platform.appDeploy/appRollback/appReleases} on real local hosts (root): a small PHP app in a local git
 * repo (file://) deployed to app1 and app2 behind frontend1; every page answers through the frontend with its
 * release id; a redeploy changes nothing; a new commit is a new release; a rollback goes back; a release whose
 * health check fails is rolled back by itself and marked BAD; BAD releases never push a good one out; 20 deploys
 * under a steady client give no failed answer and no answer mixing two releases.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepChain.class)
class AppDeployOnLocalHostsIT {
    static final String SITE = "site.appit.wpdn";
    @TempDir
    static Path tmp;
    static PlatformSpec spec;
    static Path repo;
    static final List<String> events = Collections.synchronizedList(new ArrayList<>());
    static String first;
    static String second;
    static String bad;

    @BeforeAll
    static void writeSpecAndRepo() throws Exception {
        repo = tmp.resolve("site");
        try (Git g = Git.init().setDirectory(repo.toFile()).setInitialBranch("master").call()) {
            commit(g, Map.of(
                    "index.php", "<?php preg_match('/^id=(\\w+)$/m', file_get_contents(__DIR__ . '/.rolestack-release'), $m);\n"
                            + "$c = include __DIR__ . '/config.php';\n"
                            + "echo 'release=', $m[1], ' host=', gethostname(), ' env=', $c['env'], ' version=1', \"\\n\";\n",
                    "health.php", "<?php echo \"ok\\n\";\n",
                    "static.txt", "static 1\n",
                    "uploads/.keep", "",
                    "config.php.peb", "<?php return ['env' => '{{ env }}', 'app' => '{{ pools.app.privateIps | join(\",\") }}'];\n"), "first");
        }
        Path file = tmp.resolve("platform.yaml");
        Files.writeString(file, """
                environment: appit
                domain: wpdn
                provider:
                  type: local
                  stateDir: %s
                jump: jump.appit.wpdn
                hosts: [app1, app2, frontend1]
                apps:
                  - name: site
                    repo: %s
                    ref: master
                    shared: [uploads]
                    configs: [{ template: config.php.peb, dest: config.php }]
                    keep: 2
                    health: /health.php
                    hostnames: [%s]
                """.formatted(tmp.resolve("state"), repo.toUri(), SITE));
        spec = SpecLoader.load(file);
    }

    @AfterAll
    static void down() {
        if (spec != null) assertThat(Providers.local(spec).down(spec.environment(), Progress.NONE).failed()).isFalse();
    }

    static String commit(Git g, Map<String, String> files, String message) throws Exception {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = repo.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
            g.add().addFilepattern(f.getKey()).call();
        }
        PersonIdent who = new PersonIdent("Test", "test@example.org");
        return g.commit().setMessage(message).setAuthor(who).setCommitter(who).call().name();
    }

    static void commit(Map<String, String> files, String message) throws Exception {
        try (Git g = Git.open(repo.toFile())) {
            commit(g, files, message);
        }
    }

    static PlatformOptions options() {
        return PlatformOptions.defaults().withSecrets(tmp.resolve("secrets"))
                .withProgress((host, message) -> events.add(host + ": " + message));
    }

    static Platform platform() {
        return Platform.open(spec, options());
    }

    static AppOutcome deploy() {
        events.clear();
        AppReport r = platform().appDeploy(AppRequest.of("site").withHealthTimeout(java.time.Duration.ofSeconds(15)));
        assertThat(r.apps()).hasSize(1);
        return r.apps().get(0);
    }

    static String describe(AppOutcome o) {
        return o.status() + " " + o.release() + ": " + o.message() + "\n" + o.results().stream()
                .map(r -> r.host() + " " + r.status() + " " + r.message()).collect(Collectors.joining("\n"))
                + "\nevents:\n" + String.join("\n", events);
    }

    /** GET through frontend1 from the jump host with the app's host name: "STATUS RELEASE-HEADER BODY". */
    static String get(String path) {
        String ip = platform().listVms().host("frontend1").orElseThrow().privateIp();
        String py = "import http.client\n"
                + "c = http.client.HTTPConnection('" + ip + "', 80, timeout=10)\n"
                + "c.request('GET', '" + path + "', headers={'Host': '" + SITE + "'})\n"
                + "r = c.getresponse(); print(r.status, r.getheader('X-Rolestack-Release') or '-', r.read().decode().strip())\n";
        ExecOutcome o = Platform.open(spec, options().withLimit(Limit.parse("jump")))
                .exec(ExecRequest.of("python3 -c " + Shell.quote(py)));
        assertThat(o.exitCode()).as(o.hosts().toString()).isZero();
        return o.hosts().get(0).stdout().strip();
    }

    static String on(String host, String command) {
        ExecOutcome o = Platform.open(spec, options().withLimit(Limit.parse(host))).exec(ExecRequest.of(command).withRoot(true));
        assertThat(o.exitCode()).as(host + ": " + command + " -> " + o.hosts()).isZero();
        return o.hosts().get(0).stdout().strip();
    }

    static Map<String, ReleaseState> releases() {
        return platform().appReleases(AppRequest.of("site")).get(0).hosts().stream()
                .collect(Collectors.toMap(ReleaseState::host, s -> s));
    }

    @Test
    @Order(1)
    void applyBuildsTheHosts() {
        DeployOutcome applied = platform().apply();
        assertThat(applied.summary().anyFailed()).as(applied.summary().results().stream().filter(x -> x.status() == Status.FAILED)
                .map(x -> x.host() + " " + x.operation() + ": " + x.message()).collect(Collectors.joining("\n"))).isFalse();
    }

    @Test
    @Order(2)
    void aBadInputIsAnErrorNamingItBeforeAnyHostIsTouched() throws Exception {
        PlatformSpec wrongRef = SpecLoader.parse(spec.source(), Files.readString(spec.source()).replace("ref: master", "ref: nope"));
        assertThatThrownBy(() -> Platform.open(wrongRef, options()).appDeploy(AppRequest.all()))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("app site: repo: 'nope' is neither a branch nor a tag of " + repo.toUri());
        assertThat(on("app1", "ls /var/www/apps 2>/dev/null | wc -l")).as("nothing on the hosts").isEqualTo("0");
    }

    @Test
    @Order(3)
    void theFirstDeployServesTheReleaseThroughTheFrontendFromEveryAppHost() {
        AppOutcome o = deploy();
        assertThat(o.status()).as(describe(o)).isEqualTo(AppOutcome.Status.DEPLOYED);
        first = o.release();
        assertThat(first).matches("[0-9a-f]{16}");
        assertThat(get("/index.php")).startsWith("200 " + first + " release=" + first + " host=app").contains("env=appit version=1");
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 6; i++) hosts.add(get("/index.php").replaceAll(".* host=(\\S+).*", "$1"));
        assertThat(hosts).as("both app hosts answer").contains("app1", "app2");
        assertThat(get("/static.txt")).as("static files from the frontend's copy").isEqualTo("200 " + first + " static 1");
        assertThat(get("/.rolestack-release")).startsWith("403 ");
        assertThat(on("app1", "stat -c '%a %U %G' /var/www/apps/site/current/config.php")).isEqualTo("640 root www-data");
        assertThat(on("frontend1", "test ! -e /var/www/apps/site/current/config.php && echo absent")).as("configs stay on app hosts").isEqualTo("absent");
        assertThat(on("app2", "readlink /var/www/apps/site/current/uploads; stat -c %U /var/www/apps/site/shared/uploads"))
                .isEqualTo("/var/www/apps/site/shared/uploads\nwww-data");
        assertThat(on("app1", "readlink /var/www/apps/site/current")).isEqualTo("releases/" + first);
    }

    @Test
    @Order(4)
    void aRedeployWithUnchangedInputsChangesNothing() {
        AppOutcome o = deploy();
        assertThat(o.status()).as(describe(o)).isEqualTo(AppOutcome.Status.UNCHANGED);
        assertThat(o.release()).isEqualTo(first);
        assertThat(o.changed()).isZero();
    }

    @Test
    @Order(5)
    void aDeployWhileAnotherHoldsTheAppsLockChangesNothingAndNamesTheHolder() {
        try (Platform.Access a = platform().access(); io.rolestack.core.remote.Remote jump = a.hosts().apply(a.hosts().jump())) {
            assertThat(new io.rolestack.app.deploy.DeployLock(jump, "site").acquire("someone@elsewhere pid 4711", java.time.Duration.ofHours(1))).isEmpty();
            try {
                AppOutcome o = deploy();
                assertThat(o.status()).as(describe(o)).isEqualTo(AppOutcome.Status.FAILED);
                assertThat(o.message()).contains("another deploy of app site is running").contains("held by someone@elsewhere pid 4711 since ");
                assertThat(get("/static.txt")).isEqualTo("200 " + first + " static 1");
            } finally {
                new io.rolestack.app.deploy.DeployLock(jump, "site").release("someone@elsewhere pid 4711");
            }
        }
        assertThat(on("jump", "ls " + io.rolestack.app.deploy.DeployLock.DIR + " | wc -l")).as("released").isEqualTo("0");
        assertThat(releases()).allSatisfy((host, st) -> assertThat(st.current()).as(host).contains(first));
    }

    @Test
    @Order(6)
    void aNewCommitIsANewRelease() throws Exception {
        commit(Map.of("index.php", Files.readString(repo.resolve("index.php")).replace("version=1", "version=2"),
                "static.txt", "static 2\n"), "second");
        AppOutcome o = deploy();
        assertThat(o.status()).as(describe(o)).isEqualTo(AppOutcome.Status.DEPLOYED);
        second = o.release();
        assertThat(second).isNotEqualTo(first);
        assertThat(o.previous()).contains(first);
        assertThat(get("/index.php")).startsWith("200 " + second + " release=" + second).contains("version=2");
        assertThat(get("/static.txt")).isEqualTo("200 " + second + " static 2");
    }

    @Test
    @Order(7)
    void aRollbackGoesBackToThePreviousReleaseAndMarksTheOtherBad() {
        AppReport r = platform().appRollback(AppRequest.of("site"));
        AppOutcome o = r.apps().get(0);
        assertThat(o.status()).as(describe(o)).isEqualTo(AppOutcome.Status.ROLLED_BACK);
        assertThat(o.release()).isEqualTo(first);
        assertThat(get("/index.php")).startsWith("200 " + first + " release=" + first).contains("version=1");
        assertThat(releases()).allSatisfy((host, s) -> {
            assertThat(s.current()).as(host).contains(first);
            assertThat(s.release(second).orElseThrow().bad()).as(host).hasValueSatisfying(b -> assertThat(b).contains("rolled back by hand"));
        });
    }

    @Test
    @Order(8)
    void aReleaseWhoseHealthCheckFailsIsRolledBackByItselfAndMarkedBad() throws Exception {
        commit(Map.of("health.php", "<?php http_response_code(500); echo \"broken\\n\";\n"), "broken health");
        AppOutcome o = deploy();
        assertThat(o.status()).as(describe(o)).isEqualTo(AppOutcome.Status.FAILED);
        bad = o.release();
        assertThat(o.message()).contains("marked BAD and rolled back to " + first).contains("HTTP 500");
        assertThat(get("/index.php")).startsWith("200 " + first + " release=" + first);
        assertThat(releases()).allSatisfy((host, s) -> {
            assertThat(s.current()).as(host).contains(first);
            assertThat(s.release(bad).orElseThrow().bad()).as(host + " keeps it for inspection, BAD")
                    .hasValueSatisfying(b -> assertThat(b).contains("health check of /health.php"));
        });
    }

    @Test
    @Order(9)
    void keepCountsGoodReleasesOnlyBadOnesNeverPushAGoodOneOut() throws Exception {
        commit(Map.of("health.php", "<?php echo \"ok\\n\";\n", "static.txt", "static 4\n"), "fixed");
        AppOutcome fourth = deploy();
        assertThat(fourth.status()).as(describe(fourth)).isEqualTo(AppOutcome.Status.DEPLOYED);
        // keep 2: the current (fourth) and first stay good; second (rolled back) and bad are BAD, kept apart.
        assertThat(releases().get("app1").releases()).extracting(ReleaseState.Release::id)
                .containsExactlyInAnyOrder(fourth.release(), first, second, bad);
        commit(Map.of("static.txt", "static 5\n"), "fifth");
        AppOutcome fifth = deploy();
        assertThat(fifth.status()).as(describe(fifth)).isEqualTo(AppOutcome.Status.DEPLOYED);
        assertThat(releases()).allSatisfy((host, s) -> assertThat(s.releases()).extracting(ReleaseState.Release::id).as(host)
                .containsExactlyInAnyOrder(fifth.release(), fourth.release(), second, bad));
        assertThat(get("/static.txt")).isEqualTo("200 " + fifth.release() + " static 5");
    }

    @Test
    @Order(10)
    void twentyDeploysUnderSteadyRequestsGiveNo5xxAndNoResponseMixesTwoReleases() throws Exception {
        assertThat(on("app1", "php-fpm8.2 -tt 2>&1 | grep -o 'process_control_timeout = [0-9]*'"))
                .as("php-fpm's reload lets workers finish their request").isEqualTo("process_control_timeout = 10");
        String ip = platform().listVms().host("frontend1").orElseThrow().privateIp();
        RequestLoop loop = new RequestLoop(command -> on("jump", command), "jump", "app-requests").start("http://" + ip + "/index.php", SITE);
        List<String> deployed = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            commit(Map.of("static.txt", "static run " + i + "\n"), "run " + i);
            AppOutcome o = deploy();
            assertThat(o.status()).as("deploy " + i + ": " + describe(o)).isEqualTo(AppOutcome.Status.DEPLOYED);
            deployed.add(o.release());
        }
        List<String> responses = loop.stop();
        System.out.println(responses.size() + " requests through frontend1 during 20 deploys");

        // "STATUS TIME HEADER release=BODY-RELEASE host=..." : the header is the release nginx resolved on the
        // frontend, the body the one php-fpm ran on the app host; they must be one release.
        List<String> failed = responses.stream().filter(r -> !r.startsWith("200 ")).toList();
        List<String> mixed = responses.stream().filter(r -> r.startsWith("200 "))
                .filter(r -> !r.split(" ", 4)[3].startsWith("release=" + r.split(" ", 4)[2] + " ")).toList();
        assertThat(failed).as("non-200 answers").isEmpty();
        assertThat(mixed).as("answers whose header and body name different releases").isEmpty();
        assertThat(responses).as("requests all along the 20 deploys").hasSizeGreaterThan(100);
        Set<String> served = responses.stream().map(r -> r.split(" ", 4)[2]).collect(Collectors.toSet());
        assertThat(served).as("the loop saw the releases switch").contains(deployed.get(deployed.size() - 1))
                .hasSizeGreaterThanOrEqualTo(10);
    }
}
