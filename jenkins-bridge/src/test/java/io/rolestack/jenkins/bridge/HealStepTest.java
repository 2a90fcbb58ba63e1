package io.rolestack.jenkins.bridge;

import io.rolestack.platform.InvalidRequestException;
import io.rolestack.platform.heal.HealReport;
import io.rolestack.platform.heal.HealRequest;
import io.rolestack.platform.heal.HealStatus;
import io.rolestack.platform.heal.HostHeal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * rolestackHeal's plain-Java side: arguments to a {@link HealRequest} (durations read by the CLI's parser), bad
 * values refused naming the step's argument, a {@link HealReport} to the Pipeline value, the build log and the exit
 * code (0 every host healthy or healed, 1 otherwise) that the verdict follows.
 */
class HealStepTest {
    static final HealReport HEALED = new HealReport(List.of(
            new HostHeal("jump.production.wpdn", HealStatus.HEALTHY, 0, 1, "jump host: SSH ok"),
            new HostHeal("app1.production.wpdn", HealStatus.REBOOTED, 3, 3, "dead after 3 probes; hard-rebooted, SSH ok again after 41 s")));
    static final HealReport STILL_DEAD = new HealReport(List.of(
            new HostHeal("app1.production.wpdn", HealStatus.HEALTHY, 0, 1, "SSH ok"),
            new HostHeal("app2.production.wpdn", HealStatus.REFUSED, 3, 3,
                    "dead; not rebooted: 1 host(s) per run at most (--max-reboots), token hunter2-secret-99"),
            new HostHeal("db2.production.wpdn", HealStatus.SUSPECT, 1, 3, "not dead by the rule")));

    final List<String> log = new ArrayList<>();

    private static Requests heal(HealArguments h) {
        return new Requests(Operation.HEAL, CallArguments.none().withHeal(h));
    }

    private OperationRunner runner() {
        Masker masker = Masker.of(List.of("hunter2-secret-99"));
        return new OperationRunner(null, heal(HealArguments.none()), new LogProgress(log::add, masker), null, masker);
    }

    @Test
    void unsetArgumentsAreTheClisDefaultsAndGivenOnesAreReadAsTheCliReadsThem() {
        assertThat(heal(HealArguments.none()).heal()).isEqualTo(HealRequest.defaults());
        assertThat(heal(new HealArguments(5, "500ms", 0, "30m", " 20 ", "2h")).heal())
                .isEqualTo(new HealRequest(5, Duration.ofMillis(500), 0, Duration.ofMinutes(30), Duration.ofSeconds(20),
                        Duration.ofHours(2), java.util.Optional.empty()));
        assertThat(heal(new HealArguments(null, "", null, "1D", null, null)).heal())
                .as("blank is unset; units as the CLI's").isEqualTo(HealRequest.defaults().withMinInterval(Duration.ofDays(1)));
        assertThat(Operation.HEAL.step()).isEqualTo("rolestackHeal");
        assertThat(Operation.HEAL.command()).isEqualTo("heal");
    }

    @Test
    void aBadValueIsBadInputNamingTheStepsArgument() {
        assertThatThrownBy(() -> heal(new HealArguments(0, null, null, null, null, null)).heal())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("rolestackHeal: argument 'attempts' must be between 1 and 100, was 0");
        assertThatThrownBy(() -> heal(new HealArguments(null, "10x", null, null, null, null)).heal())
                .hasMessage("rolestackHeal: argument 'every' '10x' is not a duration (like 500ms, 10s, 30m, 2h, 1d)");
        assertThatThrownBy(() -> heal(new HealArguments(null, "2h", null, null, null, null)).heal())
                .hasMessage("rolestackHeal: argument 'every' must be between 100ms and 1h, was 2h");
        assertThatThrownBy(() -> heal(new HealArguments(null, null, -1, null, null, null)).heal())
                .hasMessage("rolestackHeal: argument 'maxReboots' must be between 0 and 1000, was -1");
        assertThatThrownBy(() -> heal(new HealArguments(null, null, null, "soon", null, null)).heal())
                .hasMessageStartingWith("rolestackHeal: argument 'minInterval' 'soon' is not a duration");
        assertThatThrownBy(() -> heal(new HealArguments(null, null, null, null, "0s", null)).heal())
                .hasMessage("rolestackHeal: argument 'probeTimeout' must be between 1s and 5m, was 0s");
        assertThatThrownBy(() -> heal(new HealArguments(null, null, null, null, null, "3h")).heal())
                .hasMessage("rolestackHeal: argument 'backTimeout' must be between 1s and 2h, was 3h");
    }

    @Test
    void theValueIsOneMapPerHostAndASummary() {
        Map<String, Object> v = PipelineValues.heal(STILL_DEAD);
        assertThat(v).containsEntry("healed", false);
        assertThat(v.get("hosts")).isEqualTo(List.of(
                Map.of("host", "app1.production.wpdn", "status", "healthy", "rebooted", false, "failedProbes", 0, "probes", 1,
                        "message", "SSH ok"),
                Map.of("host", "app2.production.wpdn", "status", "refused", "rebooted", false, "failedProbes", 3, "probes", 3,
                        "message", "dead; not rebooted: 1 host(s) per run at most (--max-reboots), token hunter2-secret-99"),
                Map.of("host", "db2.production.wpdn", "status", "suspect", "rebooted", false, "failedProbes", 1, "probes", 3,
                        "message", "not dead by the rule")));
        assertThat(v.get("summary")).isEqualTo(Map.of("hosts", 3, "healthy", 1, "suspect", 1, "rebooted", 0, "refused", 1,
                "failed", 0));
        PipelineValues.requirePlain(v, "heal");
        Map<String, Object> healed = PipelineValues.heal(HEALED);
        assertThat(healed).containsEntry("healed", true);
        @SuppressWarnings("unchecked")
        Map<String, Object> rebooted = (Map<String, Object>) ((List<Object>) healed.get("hosts")).get(1);
        assertThat(rebooted).containsEntry("status", "rebooted").containsEntry("rebooted", true);
    }

    @Test
    void aHostStillDeadIsExitCode1LoggedMaskedAndTheVerdictFollowsUnstableOnFailure() {
        OperationRunner.Done done = runner().heal(STILL_DEAD);
        assertThat(done.exitCode()).isEqualTo(1);
        assertThat(done.message()).isEqualTo("3 host(s): 1 healthy, 0 rebooted, 1 suspect, 1 refused, 0 failed");
        assertThat(log).containsExactly(
                "healthy app1.production.wpdn 0/1 failed probes: SSH ok",
                "refused app2.production.wpdn 3/3 failed probes: dead; not rebooted: 1 host(s) per run at most (--max-reboots), token ****",
                "suspect db2.production.wpdn 1/3 failed probes: not dead by the rule");
        assertThat(StepOutcome.of(done.exitCode(), true, done.message(), done.value()).verdict()).isEqualTo(Verdict.UNSTABLE);
        assertThat(StepOutcome.of(done.exitCode(), false, done.message(), done.value()).verdict()).isEqualTo(Verdict.FAILURE);
        OperationRunner.Done healed = runner().heal(HEALED);
        assertThat(healed.exitCode()).as("a host rebooted and back is healed").isZero();
        assertThat(healed.message()).isEqualTo("2 host(s): 1 healthy, 1 rebooted, 0 suspect, 0 refused, 0 failed");
        assertThat(StepOutcome.of(healed.exitCode(), false, healed.message(), healed.value()).verdict()).isEqualTo(Verdict.SUCCESS);
    }
}
