package io.rolestack.jenkins.bridge;

import io.rolestack.health.CheckResult;
import io.rolestack.health.HealthReport;
import io.rolestack.health.HostHealth;
import io.rolestack.platform.InvalidRequestException;
import io.rolestack.platform.health.HealthRequest;
import io.rolestack.health.repair.RepairPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * rolestackHealth's plain-Java side: arguments to a {@link HealthRequest}, a
 * {@link HealthReport} to the Pipeline value, the build log, the JUnit file and
 * the exit code (0 healthy, 1 unhealthy) that the verdict follows.
 */
class HealthStepTest {
    static final HealthReport UNHEALTHY = new HealthReport(List.of(
            new HostHealth("app1.production.wpdn", List.of(CheckResult.ok("tcp 80", "open", "open"),
                    CheckResult.info("reboot", "required by linux-image"))),
            new HostHealth("db2.production.wpdn", List.of(CheckResult.ok("process mariadbd", "running", "running"),
                    CheckResult.failed("disk /", "< 90% used", "95% used, token hunter2-secret-99")))));
    static final HealthReport HEALTHY = new HealthReport(List.of(
            new HostHealth("app1.production.wpdn", List.of(CheckResult.ok("tcp 80", "open", "open")))));

    @TempDir
    Path workspace;
    final List<String> log = new ArrayList<>();

    private static Requests health(HealthArguments h) {
        return new Requests(Operation.HEALTH, CallArguments.none().withHealth(h));
    }

    private OperationRunner runner(HealthArguments h) {
        Masker masker = Masker.of(List.of("hunter2-secret-99"));
        return new OperationRunner(null, health(h), new LogProgress(log::add, masker), workspace, masker);
    }

    @Test
    void thresholdsDefaultToTheClisAndAreTakenWhenGiven() {
        assertThat(health(HealthArguments.none()).health()).isEqualTo(HealthRequest.defaults());
        assertThat(health(new HealthArguments(80, null, 10, 5, null)).health())
                .isEqualTo(HealthRequest.of(80, 90, 10, 5));
        assertThat(Operation.HEALTH.step()).isEqualTo("rolestackHealth");
        assertThat(Operation.HEALTH.command()).isEqualTo("health");
    }

    @Test
    void restartAndReportOnlyAreTheClisFlags() {
        assertThat(health(new HealthArguments(null, null, null, null, null, true, 30, null)).health().repair())
                .isEqualTo(new RepairPolicy(true, true, Duration.ofMinutes(30)));
        assertThat(health(new HealthArguments(null, null, null, null, null, null, null, true)).health().repair())
                .isEqualTo(RepairPolicy.reportOnly());
        assertThat(health(HealthArguments.none()).health().repair()).isEqualTo(RepairPolicy.defaults());
        assertThatThrownBy(() -> health(new HealthArguments(null, null, null, null, null, true, null, true)).health())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("rolestackHealth: argument 'reportOnly' excludes restart: a report-only run changes nothing on the hosts");
        assertThatThrownBy(() -> health(new HealthArguments(null, null, null, null, null, true, 0, null)).health())
                .hasMessage("rolestackHealth: argument 'restartIntervalMinutes' must be at least 1, was 0");
    }

    @Test
    void aBadThresholdIsBadInputNamingTheArgument() {
        assertThatThrownBy(() -> health(new HealthArguments(0, null, null, null, null)).health())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("rolestackHealth: argument 'diskPercent' must be 1..100, was 0");
        assertThatThrownBy(() -> health(new HealthArguments(null, 101, null, null, null)).health())
                .hasMessage("rolestackHealth: argument 'inodePercent' must be 1..100, was 101");
        assertThatThrownBy(() -> health(new HealthArguments(null, null, 0, null, null)).health())
                .hasMessage("rolestackHealth: argument 'memoryAvailablePercent' must be 1..100, was 0");
        assertThatThrownBy(() -> health(new HealthArguments(null, null, null, -1, null)).health())
                .hasMessage("rolestackHealth: argument 'maxLagSeconds' must be >= 0, was -1");
    }

    @Test
    void theJUnitFileDefaultsAndStaysInsideTheWorkspace() {
        Path root = workspace.toAbsolutePath().normalize();
        assertThat(health(HealthArguments.none()).junitFile(workspace)).contains(root.resolve("rolestack-health.xml"));
        assertThat(health(new HealthArguments(null, null, null, null, " reports/h.xml ")).junitFile(workspace))
                .contains(root.resolve("reports/h.xml"));
        assertThatThrownBy(() -> health(new HealthArguments(null, null, null, null, "../h.xml")).junitFile(workspace))
                .hasMessage("rolestackHealth: argument 'junit' '../h.xml' leaves the workspace");
        assertThatThrownBy(() -> health(new HealthArguments(null, null, null, null, "/tmp/h.xml")).junitFile(workspace))
                .hasMessageContaining("argument 'junit' '/tmp/h.xml' must be relative to the workspace");
        assertThat(new Requests(Operation.DB_STATUS, CallArguments.none()).junitFile(workspace)).as("only health writes one").isEmpty();
    }

    @Test
    void theValueIsOneMapPerHostAndCheckAndASummary() {
        Map<String, Object> v = PipelineValues.health(UNHEALTHY);
        assertThat(v).containsEntry("healthy", false);
        assertThat(v.get("checks")).isEqualTo(List.of(
                Map.of("host", "app1.production.wpdn", "check", "tcp 80", "status", "ok", "expected", "open", "seen", "open"),
                Map.of("host", "app1.production.wpdn", "check", "reboot", "status", "info", "expected", "",
                        "seen", "required by linux-image"),
                Map.of("host", "db2.production.wpdn", "check", "process mariadbd", "status", "ok", "expected", "running",
                        "seen", "running"),
                Map.of("host", "db2.production.wpdn", "check", "disk /", "status", "failed", "expected", "< 90% used",
                        "seen", "95% used, token hunter2-secret-99")));
        assertThat(v.get("summary")).isEqualTo(Map.of("hosts", 2, "healthy", 1, "unhealthy", 1, "ok", 2, "failed", 1, "info", 1));
        PipelineValues.requirePlain(v, "health");
        assertThat(PipelineValues.health(HEALTHY)).containsEntry("healthy", true);
    }

    @Test
    void anUnhealthyHostIsExitCode1AndItsFailedChecksAreLoggedMasked() throws IOException {
        OperationRunner.Done done = runner(HealthArguments.none()).health(UNHEALTHY);
        assertThat(done.exitCode()).isEqualTo(1);
        assertThat(done.message()).isEqualTo("2 host(s): 1 healthy, 1 unhealthy; checks: 2 ok, 1 failed, 1 info");
        assertThat(log).containsExactly(
                "info app1.production.wpdn reboot: required by linux-image",
                "failed db2.production.wpdn disk /: expected < 90% used, saw 95% used, token ****",
                "rolestackHealth: wrote rolestack-health.xml");
        String xml = Files.readString(workspace.resolve("rolestack-health.xml"));
        assertThat(xml).contains("<testsuite name=\"rolestack.health\" tests=\"4\" failures=\"1\"")
                .contains("classname=\"rolestack.health.db2\" name=\"disk /\"")
                .contains("message=\"expected &lt; 90% used, saw 95% used, token ****\"")
                .as("the archived report is masked like the log").doesNotContain("hunter2-secret-99");
    }

    @Test
    void theVerdictOfAnUnhealthyRunFollowsUnstableOnFailure() {
        OperationRunner.Done done = runner(new HealthArguments(null, null, null, null, "out/health.xml")).health(UNHEALTHY);
        assertThat(Files.exists(workspace.resolve("out/health.xml"))).isTrue();
        assertThat(StepOutcome.of(done.exitCode(), true, done.message(), done.value()).verdict()).isEqualTo(Verdict.UNSTABLE);
        assertThat(StepOutcome.of(done.exitCode(), false, done.message(), done.value()).verdict()).isEqualTo(Verdict.FAILURE);
        OperationRunner.Done healthy = runner(HealthArguments.none()).health(HEALTHY);
        assertThat(healthy.exitCode()).isZero();
        assertThat(StepOutcome.of(healthy.exitCode(), false, healthy.message(), healthy.value()).verdict()).isEqualTo(Verdict.SUCCESS);
    }
}
