package io.rolestack.cli;

import io.rolestack.health.CheckResult;
import io.rolestack.health.HostHealth;
import io.rolestack.patch.HostPatch;
import io.rolestack.patch.PackageUpgrade;
import io.rolestack.patch.PatchReport;
import io.rolestack.platform.patch.PatchValues;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PatchCommandTest {
    static final HostHealth OK = new HostHealth("app1.prod.wpdn", List.of(CheckResult.ok("tcp 9000", "open", "open")));
    static final HostHealth BAD = new HostHealth("app2.prod.wpdn", List.of(CheckResult.failed("tcp 9000", "open", "closed")));

    static PatchReport stopped() {
        return new PatchReport(List.of(
                new HostPatch("app1.prod.wpdn", "app", 1, HostPatch.Outcome.PATCHED, List.of(new PackageUpgrade("rolestack-testpkg", "1.0", "1.1")),
                        List.of(), List.of("php8.2-fpm.service"), true, Optional.of(OK), Optional.of(OK), Duration.ofMillis(12300), ""),
                new HostPatch("app2.prod.wpdn", "app", 2, HostPatch.Outcome.UNHEALTHY, List.of(new PackageUpgrade("rolestack-testpkg", "1.0", "1.1")),
                        List.of(), List.of(), false, Optional.of(OK), Optional.of(BAD), Duration.ofSeconds(200), "unhealthy 180 s after patching: tcp 9000: expected open, saw closed"),
                HostPatch.notStarted("jump.prod.wpdn", "jump", 3, "not started: the roll stopped at app2")),
                false, Optional.of("app2 (unhealthy 180 s after patching)"), List.of("broke the expired patch lock of x@y (pid 1)"));
    }

    @Test
    void theTableShowsEachHostInRollOrderAndWhereTheRollStopped() {
        StringWriter out = new StringWriter();
        PatchCommand.print(stopped(), new PrintWriter(out));
        String text = out.toString();
        assertThat(text).contains("WAVE").contains("HEALTH BEFORE").contains("rolestack-testpkg 1.0 -> 1.1").contains("php8.2-fpm.service")
                .contains("12.3 s").contains("unhealthy: tcp 9000: expected open, saw closed")
                .contains("roll stopped at app2 (unhealthy 180 s after patching)")
                .contains("app2: unhealthy 180 s after patching: tcp 9000: expected open, saw closed")
                .contains("broke the expired patch lock of x@y (pid 1)")
                .contains("3 host(s): 1 patched, 0 up to date, 2 stopped or failed");
        assertThat(text.indexOf("app1")).isLessThan(text.indexOf("app2"));
    }

    @Test
    void jsonHasEveryHostWithItsUpgradesAndHealth() {
        String json = Json.write(PatchValues.of(stopped()));
        assertThat(json).contains("\"ok\" : false").contains("\"stoppedAt\" : \"app2 (unhealthy 180 s after patching)\"")
                .contains("\"status\" : \"not started\"").contains("\"healthAfter\" : \"unhealthy: tcp 9000: expected open, saw closed\"")
                .contains("\"rebooted\" : true").contains("\"notStarted\" : 1");
    }
}
