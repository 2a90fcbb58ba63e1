package io.rolestack.platform;

import io.rolestack.core.events.Progress;
import io.rolestack.core.result.Status;
import io.rolestack.platform.deploy.DeployOutcome;
import io.rolestack.platform.exec.ExecOutcome;
import io.rolestack.platform.exec.ExecRequest;
import io.rolestack.platform.health.HealthRequest;
import io.rolestack.health.CheckResult;
import io.rolestack.health.CheckStatus;
import io.rolestack.health.HealthReport;
import io.rolestack.health.HostHealth;
import io.rolestack.core.wait.Wait;
import io.rolestack.platform.exec.HostOutput;
import io.rolestack.platform.provider.Providers;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.core.testing.StepChain;
import io.rolestack.role.plan.Limit;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The platform engine driven the way a Pipeline step drives it: no CLI, the
 * API only, on real local hosts (needs root, as CI has).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepChain.class) // a failed step aborts the later ones, naming itself
class PlatformOnLocalHostsIT {
    @TempDir
    static Path tmp;
    static PlatformSpec spec;
    static final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void writeSpec() throws Exception {
        Path file = tmp.resolve("platform.yaml");
        Files.writeString(file, """
                environment: plateng
                domain: wpdn
                provider:
                  type: local
                  subnet: 10.213.202.0/24
                  jumpSubnet: 10.214.202.0/29
                  stateDir: %s
                jump: jump.plateng.wpdn
                hosts: [masterdb1, db2, memcache1, app1, frontend1]
                database:
                  primary: masterdb1
                  replicas: [db2]
                """.formatted(tmp.resolve("state")));
        spec = SpecLoader.load(file);
    }

    @AfterAll
    static void down() {
        if (spec != null) assertThat(Providers.local(spec).down(spec.environment(), Progress.NONE).failed()).isFalse();
    }

    static PlatformOptions options() {
        return PlatformOptions.defaults().withSecrets(tmp.resolve("secrets")).withProgress((h, m) -> progress.add(h + ": " + m));
    }

    @Test
    @Order(1)
    void aLimitThatMatchesNoHostIsRefusedBeforeAnyHostExists() {
        assertThatThrownBy(() -> Platform.open(spec, options().withLimit(Limit.parse("ap1,frontend9"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("--limit ap1,frontend9 matches no host of " + spec.source());
        assertThat(Files.exists(tmp.resolve("state").resolve("plateng"))).as("no host was created").isFalse();
        assertThat(progress).isEmpty();
    }

    @Test
    @Order(2)
    void applyBuildsThePlatformAndAPlanAfterwardsChangesNothing() {
        DeployOutcome applied = Platform.open(spec, options()).apply();
        assertThat(applied.summary().anyFailed()).as(failures(applied)).isFalse();
        assertThat(applied.applied()).isTrue();
        assertThat(applied.hosts()).extracting(r -> r.host().split("\\.")[0])
                .containsExactlyInAnyOrder("jump", "masterdb1", "db2", "memcache1", "app1", "frontend1");
        assertThat(applied.roles().hosts()).hasSize(6);
        assertThat(applied.database()).isPresent();
        assertThat(applied.database().orElseThrow().anyFailed()).isFalse();
        assertThat(progress).as("the progress listener hears every host").anyMatch(l -> l.startsWith("app1"));

        DeployOutcome plan = Platform.open(spec, options()).plan();
        assertThat(plan.applied()).isFalse();
        assertThat(plan.summary().count(Status.CHANGED)).as(failures(plan)).isZero();
        assertThat(plan.summary().anyFailed()).isFalse();

        assertHealthy("after apply");
    }

    /** Every check of every host passes, MariaDB replication included (threads, lag, TLS, read_only by role). */
    static void assertHealthy(String when) {
        var health = Platform.open(spec, options()).health(io.rolestack.platform.health.HealthRequest.defaults());
        assertThat(health.summary().results()).as(when).isNotEmpty();
        assertThat(health.summary().results().stream().filter(io.rolestack.core.result.Result::failed)
                .map(r -> r.host() + " " + r.operation() + ": " + r.message()).toList()).as(when).isEmpty();
        assertThat(health.summary().results()).as("the db checks ran on " + when)
                .anyMatch(r -> r.host().startsWith("db2") && r.operation().contains("replication"));
    }

    @Test
    @Order(3)
    void execRunsOnTheSelectedHostsInParallelWithAnExitCodePerHost() {
        ExecOutcome all = Platform.open(spec, options()).exec(ExecRequest.of("hostname"));
        assertThat(all.exitCode()).isZero();
        Map<String, String> out = all.hosts().stream().collect(Collectors.toMap(HostOutput::host, h -> h.stdout().strip()));
        assertThat(out).hasSize(6).containsEntry("app1.plateng.wpdn", "app1").containsEntry("jump.plateng.wpdn", "jump");

        ExecOutcome some = Platform.open(spec, options().withLimit(Limit.parse("app,masterdb1")))
                .exec(ExecRequest.of("test $(hostname) = app1 || { echo not-app >&2; exit 3; }"));
        assertThat(some.hosts()).extracting(HostOutput::host).containsExactlyInAnyOrder("app1.plateng.wpdn", "masterdb1.plateng.wpdn");
        HostOutput db = some.hosts().stream().filter(h -> h.host().startsWith("masterdb1")).findFirst().orElseThrow();
        assertThat(db.exitCode()).contains(3);
        assertThat(db.stderr()).contains("not-app");
        assertThat(some.exitCode()).as("one host failed: the run fails").isEqualTo(1);
        assertThat(some.summary().results()).filteredOn(r -> r.status() == Status.FAILED).hasSize(1);

        ExecOutcome slow = Platform.open(spec, options().withLimit(Limit.parse("app1")))
                .exec(ExecRequest.of("sleep 30").withTimeout(Duration.ofSeconds(1)));
        assertThat(slow.hosts()).singleElement().satisfies(h -> {
            assertThat(h.exitCode()).isEmpty();
            assertThat(h.error()).isPresent();
        });
        assertThat(slow.exitCode()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void badRequestsAreRefusedBeforeAnyHostIsReached() {
        assertThatThrownBy(() -> ExecRequest.of(" ")).isInstanceOf(InvalidRequestException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> ExecRequest.of("true").withTimeout(Duration.ZERO)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("timeout");
        Platform p = Platform.open(spec, options());
        assertThatThrownBy(() -> p.deleteVms(io.rolestack.platform.vm.VmSelection.of("web9")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'web9' is not a host of");
        assertThatThrownBy(() -> p.deleteVms(io.rolestack.platform.vm.VmSelection.all()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("name the hosts");
        assertThatThrownBy(() -> p.switchover(io.rolestack.platform.db.SwitchoverRequest.to("app9")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("app9");
        assertThat(p.listVms().hosts()).as("nothing was deleted").hasSize(6);
    }

    @Test
    @Order(5)
    void oneRequestThroughTheFrontendReachesTheAppMemcachedAndThePrimaryOverTls() {
        String page = throughFrontend();
        assertThat(page).startsWith("200 ok app=app1").contains("memcached=").contains("db=masterdb1").contains("read_only=0")
                .containsPattern("cipher=\\S*(AES|CHACHA)");
        // The application account is the app pool's alone: the same credentials from the frontend are refused.
        ExecOutcome fromFrontend = Platform.open(spec, options().withLimit(Limit.parse("frontend1")))
                .exec(ExecRequest.of("test ! -e /etc/rolestack/db-app.ini"));
        assertThat(fromFrontend.exitCode()).as("the app's DB credentials exist on app hosts only").isZero();
        ExecOutcome accounts = Platform.open(spec, options().withLimit(Limit.parse("masterdb1"))).exec(ExecRequest.of(
                "mariadb -N -e \"SELECT CONCAT(user,'@',host,' ',ssl_type) FROM mysql.user WHERE user='rolestack_app'\""));
        assertThat(accounts.hosts().get(0).stdout().strip().lines().toList())
                .containsExactly("rolestack_app@" + privateIp("app1") + " ANY");
    }

    @Test
    @Order(6)
    void afterASwitchoverTheSameRequestSucceedsAgainstTheNewPrimaryAndAPlanChangesNothing() {
        var result = Platform.open(spec, options()).switchover(io.rolestack.platform.db.SwitchoverRequest.to("db2"));
        assertThat(result.succeeded()).as(result.message()).isTrue();
        assertThat(result.primary()).isEqualTo("db2.plateng.wpdn");
        assertThat(throughFrontend()).startsWith("200 ok app=app1").contains("db=db2").contains("read_only=0");
        DeployOutcome plan = Platform.open(spec, options()).plan();
        assertThat(plan.summary().count(Status.CHANGED)).as(failures(plan)).isZero();
        assertHealthy("after the switchover to db2");
    }

    @Test
    @Order(7)
    void aFreshOrDifferentSecretStoreIsRefusedBeforeAnyHostIsTouchedAndAFilledCredentialWorks() throws Exception {
        String bundles = "sha256sum /etc/mysql/ssl/* /etc/rolestack/db-ca.pem 2>/dev/null; ls -l --time-style=+%s /etc/mysql/ssl /etc/rolestack 2>/dev/null; true";
        String before = hostsSay(bundles);
        Path fresh = tmp.resolve("fresh-agent-secrets");
        assertThatThrownBy(() -> Platform.open(spec, options().withSecrets(fresh)).apply())
                .isInstanceOf(io.rolestack.mariadb.tls.CaTrustException.class)
                .hasMessageContaining(fresh.toString());
        try (var files = Files.list(fresh)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith("."))).as("no CA minted").isEmpty();
        }
        assertThat(hostsSay(bundles)).as("no host changed").isEqualTo(before);

        // What a Jenkins credentials binding gives: the same secrets, in memory, read-only.
        Map<String, io.rolestack.core.secrets.Secret> filled = new java.util.TreeMap<>();
        try (var files = Files.list(tmp.resolve("secrets"))) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                filled.put(f.getFileName().toString(), new io.rolestack.core.secrets.Secret(Files.readString(f)));
            }
        }
        var credential = io.rolestack.core.secrets.InMemorySecretStore.readOnly("credential plateng-secrets", "fill it", filled);
        DeployOutcome again = Platform.open(spec, options().withSecrets(credential)).apply();
        assertThat(again.summary().anyFailed()).as(failures(again)).isFalse();
        assertThat(again.summary().count(Status.CHANGED)).as(failures(again)).isZero();
    }

    @Test
    @Order(8)
    void aStoppedReplicaIsReportedOnItsHostWhileTheOthersStayHealthy() {
        // Since the switchover, db2 is the primary and masterdb1 its replica.
        rootRun("masterdb1", "mariadb -e 'STOP SLAVE'");
        HealthReport r = health(HealthRequest.defaults().reportOnly());
        assertThat(check(r, "masterdb1", "mariadb replication").seen()).as(describe(r))
                .startsWith("replica of ").contains("IO No").contains("SQL No");
        // db2 may still count the link until its dump thread notices the replica left: it may fail too, nobody else.
        assertThat(r.hosts()).filteredOn(h -> !h.healthy()).extracting(HostHealth::shortName).as(describe(r))
                .contains("masterdb1").isSubsetOf("masterdb1", "db2");
        rootRun("masterdb1", "mariadb -e 'START SLAVE'");
        Wait.upTo(Duration.ofSeconds(60)).every(Duration.ofSeconds(1)).until(() -> health(HealthRequest.defaults()).healthy(),
                () -> new IllegalStateException("not healthy 60 s after START SLAVE: " + describe(health(HealthRequest.defaults()))));
    }

    /**
     * The chain frontend → app → DB broken by stopping the primary (Monit told to leave it, as after too many
     * restarts): the frontend's page, the primary and the replica fail, each saying why; memcache1 stays healthy.
     * {@code --restart} restarts MariaDB on the primary, re-arms Monit, and the whole chain answers again.
     */
    @Test
    @Order(9)
    void stoppingThePrimaryBreaksTheChainThroughTheFrontendAndRestartMendsIt() {
        rootRun("db2", "monit unmonitor mariadb && service mariadb stop");
        HealthReport r = health(HealthRequest.defaults().reportOnly());
        assertThat(check(r, "db2", "process mariadbd").failed()).as(describe(r)).isTrue();
        assertThat(check(r, "db2", "tcp 3306").failed()).isTrue();
        assertThat(check(r, "db2", "monit").seen()).isEqualTo("not monitored: mariadb");
        assertThat(check(r, "frontend1", "http 80/rolestack-health.php").failed()).as(describe(r)).isTrue();
        assertThat(check(r, "masterdb1", "mariadb replication").failed()).as(describe(r)).isTrue();
        assertThat(host(r, "memcache1").healthy()).as(describe(r)).isTrue();

        HealthReport mended = health(HealthRequest.defaults().withRestart(true, Duration.ofMinutes(10)));
        assertThat(check(mended, "db2", "restart mariadb").seen()).as(describe(mended)).startsWith("restarted after ");
        assertThat(check(mended, "db2", "monit re-arm").status()).isEqualTo(CheckStatus.INFO);
        assertThat(host(mended, "db2").healthy()).as(describe(mended)).isTrue();
        // The other hosts were checked at the same time as the restart; the chain answers once the primary is back.
        Wait.upTo(Duration.ofSeconds(60)).every(Duration.ofSeconds(1)).until(() -> health(HealthRequest.defaults()).healthy(),
                () -> new IllegalStateException("not healthy 60 s after the restart: " + describe(health(HealthRequest.defaults()))));
        assertThat(throughFrontend()).startsWith("200 ok app=app1").contains("db=db2");
    }

    static void rootRun(String host, String command) {
        ExecOutcome o = Platform.open(spec, options().withLimit(Limit.parse(host))).exec(ExecRequest.of(command).withRoot(true));
        assertThat(o.exitCode()).as(host + ": " + command + " -> " + o.hosts()).isZero();
    }

    static HealthReport health(HealthRequest request) {
        return Platform.open(spec, options()).health(request);
    }

    static HostHealth host(HealthReport r, String shortName) {
        return r.hosts().stream().filter(h -> h.shortName().equals(shortName)).findFirst().orElseThrow();
    }

    static CheckResult check(HealthReport r, String host, String check) {
        return host(r, host).checks().stream().filter(c -> c.name().equals(check)).findFirst()
                .orElseThrow(() -> new AssertionError(host + " has no check " + check + ": " + host(r, host)));
    }

    static String describe(HealthReport r) {
        return r.hosts().stream().flatMap(h -> h.checks().stream().filter(CheckResult::failed).map(c -> h.shortName() + " "
                + c.name() + " " + c.seen())).collect(Collectors.joining("\n"));
    }

    /** What {@code script} prints on the DB and app hosts, host by host. */
    static String hostsSay(String script) {
        ExecOutcome o = Platform.open(spec, options().withLimit(Limit.parse("db,app"))).exec(ExecRequest.of(script).withRoot(true));
        return o.hosts().stream().map(h -> h.host() + ":\n" + h.stdout()).collect(Collectors.joining("\n"));
    }

    /** Status and body of one request made from the jump host to the frontend, as a client outside would. */
    static String throughFrontend() {
        String url = "http://" + privateIp("frontend1") + "/rolestack-health.php";
        String py = "import urllib.request, urllib.error\n"
                + "try:\n    r = urllib.request.urlopen('" + url + "', timeout=10); print(r.status, r.read().decode())\n"
                + "except urllib.error.HTTPError as e:\n    print(e.code, e.read().decode())\n";
        ExecOutcome o = Platform.open(spec, options().withLimit(Limit.parse("jump")))
                .exec(ExecRequest.of("python3 -c \"$(printf '%s' " + io.rolestack.core.remote.Shell.quote(py) + ")\""));
        assertThat(o.exitCode()).as(o.hosts().toString()).isZero();
        return o.hosts().get(0).stdout().strip();
    }

    static String privateIp(String shortName) {
        return Platform.open(spec, options()).listVms().host(shortName).orElseThrow().privateIp();
    }

    static String failures(DeployOutcome o) {
        return o.summary().results().stream().filter(r -> r.status() != Status.OK)
                .map(r -> r.host() + " " + r.operation() + ": " + r.message()).collect(Collectors.joining("\n"));
    }
}
