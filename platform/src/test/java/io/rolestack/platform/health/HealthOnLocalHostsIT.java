package io.rolestack.platform.health;

import io.rolestack.core.events.Progress;
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
 * {@code Platform.health} on real local hosts (root): all green after apply; a
 * stopped memcached fails memcache1's checks, clearly, while jump and app1 stay
 * healthy; started again, all green again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepChain.class)
class HealthOnLocalHostsIT {
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
                """.formatted(tmp.resolve("state")));
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
        assertThat(check(r, "jump", "disk /").seen()).endsWith("% used");
        assertThat(check(r, "jump", "clock").status()).as("a local host shares its machine's clock").isEqualTo(CheckStatus.INFO);
        assertThat(check(r, "jump", "clock").seen()).startsWith("shares its machine's clock; ");
    }

    @Test
    @Order(3)
    void aStoppedMemcachedFailsItsHostClearlyWhileTheOthersStayHealthy() {
        ExecOutcome stop = Platform.open(spec, options().withLimit(Limit.parse("memcache1")))
                .exec(ExecRequest.of("service memcached stop").withRoot(true));
        assertThat(stop.exitCode()).as(stop.hosts().toString()).isZero();
        HealthReport r = health();
        assertThat(r.exitCode()).as(describe(r)).isEqualTo(1);
        assertThat(check(r, "memcache1", "process memcached").message()).isEqualTo("expected running, saw not running (no process named memcached*)");
        assertThat(check(r, "memcache1", "tcp 11211").failed()).isTrue();
        assertThat(check(r, "memcache1", "tcp 11211").seen()).startsWith("closed");
        assertThat(check(r, "memcache1", "memcached stats").seen()).startsWith("no stats answer from ");
        assertThat(check(r, "memcache1", "tcp 22").status()).isEqualTo(CheckStatus.OK);
        assertThat(host(r, "jump").healthy()).as(describe(r)).isTrue();
        assertThat(host(r, "app1").healthy()).as(describe(r)).isTrue();

        String xml = JUnitReport.xml(r);
        assertThat(xml).contains("classname=\"rolestack.health.memcache1\" name=\"process memcached\"")
                .contains("<failure message=\"expected running, saw not running (no process named memcached*)\"");
        assertThat(r.summary().results()).filteredOn(x -> x.status() == Status.FAILED).extracting(x -> x.host())
                .containsOnly("memcache1.healthit.wpdn");
    }

    @Test
    @Order(4)
    void startedAgainEverythingIsHealthyAgain() {
        ExecOutcome start = Platform.open(spec, options().withLimit(Limit.parse("memcache1")))
                .exec(ExecRequest.of("service memcached start").withRoot(true));
        assertThat(start.exitCode()).as(start.hosts().toString()).isZero();
        Wait.upTo(Duration.ofSeconds(30)).every(Duration.ofSeconds(1)).until(() -> health().healthy(),
                () -> new IllegalStateException("not healthy 30 s after memcached was started: " + describe(health())));
    }
}
