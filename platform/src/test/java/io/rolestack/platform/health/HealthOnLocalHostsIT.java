package io.rolestack.platform.health;

import io.rolestack.core.events.Progress;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.Status;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.core.testing.StepChain;
import io.rolestack.core.wait.Wait;
import io.rolestack.health.CheckResult;
import io.rolestack.health.CheckStatus;
import io.rolestack.health.HealthReport;
import io.rolestack.health.HostHealth;
import io.rolestack.health.junit.JUnitReport;
import io.rolestack.platform.Platform;
import io.rolestack.platform.PlatformOptions;
import io.rolestack.platform.deploy.DeployOutcome;
import io.rolestack.platform.exec.ExecOutcome;
import io.rolestack.platform.exec.ExecRequest;
import io.rolestack.platform.provider.Providers;
import io.rolestack.platform.vm.VmSelection;
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
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Platform.health} and Monit on real local hosts (root): all green after
 * apply; a stopped memcached Monit gave up on fails memcache1's checks, clearly,
 * while jump and app1 stay healthy; {@code --restart} starts it and re-arms
 * Monit, once per interval; Monit alone restarts a killed memcached within two
 * cycles; a full file system and a dead host fail their host only; a hard
 * reboot brings the dead host back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepChain.class)
class HealthOnLocalHostsIT {
    /** Monit's cycle on these hosts, seconds: short, so the test waits little. */
    static final int MONIT_CYCLE = 5;

    @TempDir
    static Path tmp;
    static PlatformSpec spec;

    @BeforeAll
    static void writeSpec() throws Exception {
        Path file = tmp.resolve("platform.yaml");
        Files.writeString(file, """
                environment: healthit
                domain: wpdn
                provider:
                  type: local
                  stateDir: %s
                jump: jump.healthit.wpdn
                hosts: [memcache1, app1]
                roles:
                  base: {vars: {monit_cycle_seconds: %d}}
                """.formatted(tmp.resolve("state"), MONIT_CYCLE));
        spec = SpecLoader.load(file);
    }

    @AfterAll
    static void down() {
        if (spec != null) assertThat(Providers.local(spec).down(spec.environment(), Progress.NONE).failed()).isFalse();
    }

    static PlatformOptions options() {
        return PlatformOptions.defaults().withSecrets(tmp.resolve("secrets"));
    }

    static HealthReport health() {
        return Platform.open(spec, options()).health(HealthRequest.defaults());
    }

    static HostHealth host(HealthReport r, String shortName) {
        return r.hosts().stream().filter(h -> h.shortName().equals(shortName)).findFirst().orElseThrow();
    }

    static CheckResult check(HealthReport r, String host, String check) {
        return host(r, host).checks().stream().filter(c -> c.name().equals(check)).findFirst()
                .orElseThrow(() -> new AssertionError(host + " has no check " + check + ": " + host(r, host)));
    }

    static String describe(HealthReport r) {
        return r.hosts().stream().flatMap(h -> h.checks().stream().map(c -> h.shortName() + " " + c.name() + " "
                + c.status().label() + " " + c.seen())).collect(Collectors.joining("\n"));
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
    void afterApplyEveryHostIsHealthy() {
        HealthReport r = health();
        assertThat(r.hosts()).extracting(HostHealth::shortName).containsExactly("jump", "memcache1", "app1");
        assertThat(r.healthy()).as(describe(r)).isTrue();
        assertThat(r.exitCode()).isZero();
        assertThat(check(r, "memcache1", "memcached stats").seen()).matches("pid \\d+, up \\d+ s.*");
        assertThat(check(r, "memcache1", "tcp 11211").status()).isEqualTo(CheckStatus.OK);
        assertThat(check(r, "app1", "process php-fpm").status()).isEqualTo(CheckStatus.OK);
        assertThat(check(r, "app1", "tcp 9000").status()).isEqualTo(CheckStatus.OK);
        assertThat(check(r, "jump", "disk").seen()).matches("fullest .* \\d+% used \\(\\d+ file systems\\)");
        assertThat(check(r, "memcache1", "monit").seen()).isEqualTo("running, watching memcached");
        assertThat(check(r, "app1", "monit").seen()).isEqualTo("running, watching php8.2-fpm");
        assertThat(check(r, "jump", "monit").seen()).isEqualTo("running, no service to watch");
        assertThat(check(r, "jump", "clock").status()).as("a local host shares its machine's clock").isEqualTo(CheckStatus.INFO);
        assertThat(check(r, "jump", "clock").seen()).startsWith("shares its machine's clock; ");
    }

    /** Runs a shell command as root on one host; its standard output, or an assertion failure saying why not. */
    static String run(String host, String command) {
        ExecOutcome out = Platform.open(spec, options().withLimit(Limit.parse(host))).exec(ExecRequest.of(command).withRoot(true));
        assertThat(out.exitCode()).as(host + ": " + command + " -> " + out.hosts()).isZero();
        return out.hosts().get(0).stdout().strip();
    }

    static HealthReport health(HealthRequest request) {
        return Platform.open(spec, options()).health(request);
    }

    @Test
    @Order(3)
    void aStoppedServiceMonitGaveUpOnFailsItsHostClearlyWhileTheOthersStayHealthy() {
        // Unmonitored first, as Monit leaves a service after too many restarts: it will not come back by itself.
        run("memcache1", "monit unmonitor memcached && service memcached stop");
        HealthReport r = health(HealthRequest.defaults().reportOnly());
        assertThat(r.exitCode()).as(describe(r)).isEqualTo(1);
        assertThat(check(r, "memcache1", "process memcached").message()).isEqualTo("expected running, saw not running (no process named memcached*)");
        assertThat(check(r, "memcache1", "tcp 11211").failed()).isTrue();
        assertThat(check(r, "memcache1", "tcp 11211").seen()).startsWith("closed");
        assertThat(check(r, "memcache1", "memcached stats").seen()).startsWith("no stats answer from ");
        assertThat(check(r, "memcache1", "monit").seen()).isEqualTo("not monitored: memcached");
        assertThat(check(r, "memcache1", "tcp 22").status()).isEqualTo(CheckStatus.OK);
        assertThat(host(r, "jump").healthy()).as(describe(r)).isTrue();
        assertThat(host(r, "app1").healthy()).as(describe(r)).isTrue();

        String xml = JUnitReport.xml(r);
        assertThat(xml).contains("classname=\"rolestack.health.memcache1\" name=\"process memcached\"")
                .contains("<failure message=\"expected running, saw not running (no process named memcached*)\"");
        assertThat(r.summary().results()).filteredOn(x -> x.status() == Status.FAILED).extracting(x -> x.host())
                .containsOnly("memcache1.healthit.wpdn");
        assertThat(run("memcache1", "pgrep -x memcached || echo none")).as("report-only changed nothing").isEqualTo("none");
    }

    @Test
    @Order(4)
    void restartBringsTheServiceBackReArmsMonitAndReportsBoth() {
        HealthReport r = health(HealthRequest.defaults().withRestart(true, Duration.ofMinutes(10)));
        assertThat(r.healthy()).as(describe(r)).isTrue();
        assertThat(check(r, "memcache1", "restart memcached").seen())
                .startsWith("restarted after ").contains("process memcached: not running").contains("tcp 11211: closed");
        assertThat(check(r, "memcache1", "monit re-arm").status()).isEqualTo(CheckStatus.INFO);
        assertThat(check(r, "memcache1", "process memcached").status()).isEqualTo(CheckStatus.OK);
        assertThat(check(r, "memcache1", "monit").seen()).startsWith("running, watching memcached");
        assertThat(host(r, "app1").checks()).noneMatch(c -> c.name().startsWith("restart "));

        // Again within the interval: not restarted a second time, and said so.
        run("memcache1", "monit unmonitor memcached && service memcached stop");
        HealthReport again = health(HealthRequest.defaults().withRestart(true, Duration.ofMinutes(10)));
        assertThat(check(again, "memcache1", "restart memcached").seen()).startsWith("not restarted: a health run restarted it at ");
        // Re-armed all the same: Monit itself starts memcached within its two cycles, while the run checks again.
        assertThat(check(again, "memcache1", "monit re-arm").status()).isEqualTo(CheckStatus.INFO);
        assertThat(check(again, "memcache1", "process memcached").status()).as(describe(again)).isEqualTo(CheckStatus.OK);
        assertThat(again.exitCode()).isZero();
    }

    /** Monit alone (cycle 5 s in this spec): memcached killed with SIGKILL runs again within two cycles. */
    @Test
    @Order(5)
    void monitRestartsAKilledServiceWithinTwoCyclesWithNoRolestackCommand() {
        String before = Wait.upTo(Duration.ofSeconds(30)).every(Duration.ofSeconds(1)).forValue(() -> {
            String pid = run("memcache1", "pgrep -x memcached || true");
            return pid.matches("\\d+") ? java.util.Optional.of(pid) : java.util.Optional.empty();
        }, () -> new IllegalStateException("memcached not running again after the re-armed Monit's cycles"));
        run("memcache1", "kill -9 " + before);
        String after = Wait.upTo(Duration.ofSeconds(2 * MONIT_CYCLE + 5)).every(Duration.ofSeconds(1)).forValue(() -> {
            String pid = run("memcache1", "pgrep -x memcached || true");
            return pid.matches("\\d+") && !pid.equals(before) ? java.util.Optional.of(pid) : java.util.Optional.empty();
        }, () -> new IllegalStateException("Monit did not start memcached within two cycles of " + MONIT_CYCLE + " s"));
        assertThat(after).isNotEqualTo(before);
        HealthReport r = health(HealthRequest.defaults().reportOnly());
        assertThat(r.healthy()).as(describe(r)).isTrue();
    }

    @Test
    @Order(6)
    void aFullFileSystemFailsTheDiskCheckOfItsHostOnly() {
        run("memcache1", "mkdir -p /srv/full && mount -t tmpfs -o size=1m tmpfs /srv/full"
                + " && (dd if=/dev/zero of=/srv/full/fill bs=64k count=64 2>/dev/null || true)");
        try {
            HealthReport r = health(HealthRequest.defaults().reportOnly());
            assertThat(check(r, "memcache1", "disk").message()).isEqualTo("expected every file system < 90% used, saw /srv/full 100% used");
            assertThat(host(r, "app1").healthy()).as(describe(r)).isTrue();
        } finally {
            run("memcache1", "umount /srv/full");
        }
    }

    @Test
    @Order(7)
    void aDeadHostFailsAloneAndAHardRebootBringsItBack() {
        HostName app1 = spec.hosts().stream().filter(h -> h.shortName().equals("app1")).findFirst().orElseThrow();
        Result off = Providers.local(spec).powerOff(app1, Progress.NONE);
        assertThat(off.failed()).as(off.message()).isFalse();
        HealthReport r = health(HealthRequest.defaults().reportOnly());
        assertThat(host(r, "app1").checks()).extracting(CheckResult::name).containsExactly(HostHealth.SSH);
        assertThat(host(r, "app1").healthy()).isFalse();
        assertThat(host(r, "memcache1").healthy()).as(describe(r)).isTrue();
        assertThat(host(r, "jump").healthy()).as(describe(r)).isTrue();

        assertThat(Platform.open(spec, options()).rebootVms(VmSelection.of("app1")).anyFailed()).isFalse();
        Wait.upTo(Duration.ofSeconds(60)).every(Duration.ofSeconds(1)).until(() -> health().healthy(),
                () -> new IllegalStateException("not healthy 60 s after app1's hard reboot: " + describe(health())));
    }
}
