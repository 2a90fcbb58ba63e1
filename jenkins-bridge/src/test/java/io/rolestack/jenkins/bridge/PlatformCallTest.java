package io.rolestack.jenkins.bridge;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole agent-side path of a step against the example local-hosts spec, for
 * requests the platform refuses before any host or provider is reached: they
 * must end as exit code 2, fail the step even with unstableOnFailure, leave no
 * credential file behind, and mask secrets in the log and the value.
 */
class PlatformCallTest {
    static final String SPEC;

    static {
        try {
            SPEC = Files.readString(Path.of("../examples/platform-local.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TempDir
    Path root;
    Path workspace;
    final List<String> log = new ArrayList<>();

    @BeforeEach
    void workspace() throws IOException {
        workspace = Files.createDirectories(root.resolve("job"));
        Files.createDirectories(workspace.resolve("examples"));
        Files.writeString(workspace.resolve("examples/platform-local.yaml"), SPEC);
    }

    private StepOutcome run(Operation op, CallArguments args, CallCredentials creds) {
        return new PlatformCall(op, "examples/platform-local.yaml", args, creds).execute(workspace, Map.of(), log::add);
    }

    @Test
    void aLimitThatMatchesNoHostIsBadInputAndTouchesNothing() {
        StepOutcome o = run(Operation.APPLY, CallArguments.none().withLimit("nosuch").withUnstableOnFailure(true)
                .withJsonFile("out/apply.json"), CallCredentials.none().withSshKey(AgentCredentialsTest.KEY, null));
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.verdict()).as("bad input fails even when unstableOnFailure").isEqualTo(Verdict.FAILURE);
        assertThat(o.message()).startsWith("rolestackApply: --limit nosuch matches no host of ").contains("jump", "masterdb1");
        assertThat(log).anyMatch(l -> l.startsWith("rolestackApply: --limit nosuch matches no host"));
        assertThat(Files.exists(workspace.resolve("out/apply.json"))).as("the JSON is written whatever the outcome").isTrue();
        assertThat(root.resolve("job@tmp")).as("the key file is gone").isEmptyDirectory();
    }

    @Test
    void secretsAreMaskedInTheLogAndTheValue() throws IOException {
        // A secret that ends up in an engine's message (here: typed into the limit by mistake).
        StepOutcome o = run(Operation.PLAN, CallArguments.none().withLimit("pw-typed-here-123"),
                CallCredentials.none().withOpenStackPassword("ops", "pw-typed-here-123"));
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.message()).contains("--limit **** matches no host").doesNotContain("pw-typed-here-123");
        assertThat(String.join("\n", log)).doesNotContain("pw-typed-here-123").contains("****");
        assertThat(o.toMap().toString()).doesNotContain("pw-typed-here-123");
    }

    @Test
    void aSwitchoverToAHostNotInTheSpecIsRefusedByName() {
        StepOutcome o = run(Operation.DB_SWITCHOVER, CallArguments.none().withTo("db9"), CallCredentials.none());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.message()).contains("'db9' is not a host of");
    }

    @Test
    void badArgumentsAndAMissingSpecAreExitCode2() {
        StepOutcome noCommand = run(Operation.EXEC, CallArguments.none(), CallCredentials.none());
        assertThat(noCommand.exitCode()).isEqualTo(2);
        assertThat(noCommand.message()).isEqualTo("rolestackExec: argument 'command' is required (the shell command to run)");
        StepOutcome missing = new PlatformCall(Operation.PLAN, "nope.yaml", CallArguments.none(), CallCredentials.none())
                .execute(workspace, Map.of(), log::add);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.message()).contains("nope.yaml").contains("no such file");
    }

    @Test
    void aBadHealthThresholdIsBadInputAndTheStaleReportIsGone() throws IOException {
        Files.writeString(workspace.resolve("rolestack-health.xml"), "<testsuite name=\"from an earlier build\"/>");
        StepOutcome o = run(Operation.HEALTH, CallArguments.none().withUnstableOnFailure(true)
                .withHealth(new HealthArguments(null, null, null, -5, null)), CallCredentials.none());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.verdict()).as("bad input fails even when unstableOnFailure").isEqualTo(Verdict.FAILURE);
        assertThat(o.message()).isEqualTo("rolestackHealth: argument 'maxLagSeconds' must be >= 0, was -5");
        assertThat(workspace.resolve("rolestack-health.xml")).as("an earlier build's report is not this build's").doesNotExist();
    }

    @Test
    void theHealthReportNeverReplacesTheSpecOrTheJson() {
        StepOutcome spec = run(Operation.HEALTH, CallArguments.none()
                .withHealth(new HealthArguments(null, null, null, null, "./examples/platform-local.yaml")), CallCredentials.none());
        assertThat(spec.exitCode()).isEqualTo(2);
        assertThat(spec.message()).isEqualTo("rolestackHealth: argument 'junit' './examples/platform-local.yaml' is the spec: "
                + "give the report a file of its own");
        assertThat(workspace.resolve("examples/platform-local.yaml")).exists();
        StepOutcome json = run(Operation.HEALTH, CallArguments.none().withJsonFile("h.xml")
                .withHealth(new HealthArguments(null, null, null, null, "h.xml")), CallCredentials.none());
        assertThat(json.message()).contains("'h.xml' is the jsonFile");
        StepOutcome byDefault = run(Operation.HEALTH, CallArguments.none().withJsonFile("rolestack-health.xml"), CallCredentials.none());
        assertThat(byDefault.message()).contains("argument 'junit' 'rolestack-health.xml' is the jsonFile");
    }

    @Test
    void aBadHealDurationIsBadInputBeforeAnythingIsOpenedAndTheCliLineShowsTheOptions() {
        StepOutcome bad = run(Operation.HEAL, CallArguments.none().withUnstableOnFailure(true)
                .withHeal(new HealArguments(null, "10 seconds", null, null, null, null)), CallCredentials.none());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.verdict()).as("bad input fails even when unstableOnFailure").isEqualTo(Verdict.FAILURE);
        assertThat(bad.message()).isEqualTo("rolestackHeal: argument 'every' '10 seconds' is not a duration (like 500ms, 10s, 30m, 2h, 1d)");
        assertThat(log).noneMatch(l -> l.startsWith("rolestackHeal: heal -f"));
        log.clear();
        StepOutcome noHost = run(Operation.HEAL, CallArguments.none().withLimit("nosuch")
                .withHeal(new HealArguments(2, "5s", 0, null, null, "20m")), CallCredentials.none());
        assertThat(noHost.exitCode()).isEqualTo(2);
        assertThat(log).contains("rolestackHeal: heal -f examples/platform-local.yaml --limit nosuch --parallelism 4 --attempts 2 "
                + "--every 5s --max-reboots 0 --back-timeout 20m");
    }

    @Test
    void theCallCrossesTheChannelAndTheOutcomeIsPlainJdkValues() throws Exception {
        PlatformCall call = new PlatformCall(Operation.VM_DELETE, "examples/platform-local.yaml", CallArguments.none(),
                CallCredentials.none().withSshKey(AgentCredentialsTest.KEY, null));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buf)) {
            out.writeObject(call);
        }
        PlatformCall copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(buf.toByteArray()))) {
            copy = (PlatformCall) in.readObject();
        }
        assertThat(copy.toString()).doesNotContain("BEGIN OPENSSH").contains("vm delete");
        Map<String, Object> m = copy.run(workspace, Map.of(), log::add);
        PipelineValues.requirePlain(new java.util.LinkedHashMap<>(m), "outcome");
        assertThat(m).containsEntry("exitCode", 2).containsEntry("verdict", "FAILURE");
        assertThat(StepOutcome.fromMap(m).message()).contains("argument 'hosts' is required for action 'delete'");
    }
}
