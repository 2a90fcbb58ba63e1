package io.rolestack.patch;

import io.rolestack.health.CheckResult;
import io.rolestack.health.HostHealth;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PatchJUnitReportTest {
    @Test
    void patchedUnhealthyAndNotStartedHostsArePassFailureAndSkipped() {
        HostHealth ok = new HostHealth("app1.prod.wpdn", List.of(CheckResult.ok("tcp 9000", "open", "open")));
        HostHealth bad = new HostHealth("memcache1.prod.wpdn", List.of(CheckResult.failed("process memcached", "running", "not running")));
        PatchReport r = new PatchReport(List.of(
                new HostPatch("app1.prod.wpdn", "app", 1, HostPatch.Outcome.PATCHED, List.of(new PackageUpgrade("rolestack-testpkg", "1.0", "1.1")),
                        List.of(), List.of("php8.2-fpm.service"), true, Optional.of(ok), Optional.of(ok), Duration.ofMillis(1500), ""),
                new HostPatch("memcache1.prod.wpdn", "memcache", 2, HostPatch.Outcome.UNHEALTHY, List.of(), List.of(), List.of(), false,
                        Optional.of(bad), Optional.empty(), Duration.ofMillis(200), "unhealthy before patching, not patched: process memcached: expected running, saw not running"),
                HostPatch.notStarted("jump.prod.wpdn", "jump", 3, "not started: the roll stopped at memcache1")),
                false, Optional.of("memcache1"), List.of());
        String xml = PatchJUnitReport.xml(r);
        assertThat(xml).contains("<testsuite name=\"rolestack.patch\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\">")
                .contains("<testcase classname=\"rolestack.patch.app\" name=\"app1\" time=\"1.500\"><system-out>patched\n"
                        + "upgrades: rolestack-testpkg 1.0 -&gt; 1.1\nrestarted: php8.2-fpm.service\nrebooted: yes\nhealth before: healthy\nhealth after: healthy</system-out>")
                .contains("<failure message=\"unhealthy: unhealthy before patching, not patched: process memcached: expected running, saw not running\" type=\"unhealthy\">")
                .contains("<skipped message=\"not started: the roll stopped at memcache1\"")
                .contains("health before: unhealthy: process memcached: expected running, saw not running");
        assertThat(r.exitCode()).isEqualTo(1);
    }
}
