package io.rolestack.jenkins.bridge;

import io.rolestack.health.CheckResult;
import io.rolestack.health.HostHealth;
import io.rolestack.patch.HostPatch;
import io.rolestack.patch.PackageUpgrade;
import io.rolestack.patch.PatchReport;
import io.rolestack.platform.InvalidRequestException;
import io.rolestack.platform.patch.PatchRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * rolestackPatch's plain-Java side: arguments to a {@link PatchRequest}, a
 * {@link PatchReport} to the Pipeline value, the build log, the JUnit file and
 * the exit code (0 every host patched or up to date, 1 the roll stopped) that the
 * verdict follows; and the whole agent-side call for input refused before any host.
 */
class PatchStepTest {
    static final String SECRET = "hunter2-secret-99";
    static final HostHealth HEALTHY_APP = new HostHealth("app1.production.wpdn", List.of(CheckResult.ok("tcp 80", "open", "open")));
    /** app1 patched and rebooted, db2 unhealthy after its upgrade (the roll stopped), jump not reached. */
    static final PatchReport STOPPED = new PatchReport(List.of(
            new HostPatch("app1.production.wpdn", "app", 1, HostPatch.Outcome.PATCHED,
                    List.of(new PackageUpgrade("openssl", "3.0.2-0ubuntu1.14", "3.0.2-0ubuntu1.15"), new PackageUpgrade("libfoo", "", "1.2")),
                    List.of("linux-image-generic"), List.of("nginx"), true, Optional.of(HEALTHY_APP), Optional.of(HEALTHY_APP),
                    Duration.ofMillis(12_500), ""),
            new HostPatch("db2.production.wpdn", "db", 2, HostPatch.Outcome.UNHEALTHY,
                    List.of(new PackageUpgrade("mariadb-server", "1:10.6.1", "1:10.6.2")), List.of(), List.of(), false,
                    Optional.of(new HostHealth("db2.production.wpdn", List.of(CheckResult.ok("process mariadbd", "running", "running")))),
                    Optional.of(new HostHealth("db2.production.wpdn", List.of(
                            CheckResult.failed("process mariadbd", "running", "stopped, token " + SECRET)))),
                    Duration.ofSeconds(200), "unhealthy after patching"),
            HostPatch.notStarted("jump.production.wpdn", "jump", 3, "the roll stopped at db2")),
            false, Optional.of("db2.production.wpdn: unhealthy after patching"), List.of("an expired patch lock of ci-41 was broken"));
    static final PatchReport DRY = new PatchReport(List.of(
            new HostPatch("app1.production.wpdn", "app", 1, HostPatch.Outcome.PLANNED,
                    List.of(new PackageUpgrade("openssl", "3.0.2-0ubuntu1.14", "3.0.2-0ubuntu1.15")), List.of(), List.of(), true,
                    Optional.empty(), Optional.empty(), Duration.ofMillis(900), ""),
            new HostPatch("db2.production.wpdn", "db", 2, HostPatch.Outcome.PLANNED, List.of(), List.of(), List.of(), false,
                    Optional.empty(), Optional.empty(), Duration.ofMillis(700), "")),
            true, Optional.empty(), List.of());

    @TempDir
    Path root;
    Path workspace;
    final List<String> log = new ArrayList<>();

    @BeforeEach
    void workspace() throws IOException {
        workspace = Files.createDirectories(root.resolve("job"));
        Files.createDirectories(workspace.resolve("examples"));
        Files.writeString(workspace.resolve("examples/platform-local.yaml"), PlatformCallTest.SPEC);
    }

    private static Requests patch(PatchArguments p) {
        return new Requests(Operation.PATCH, CallArguments.none().withPatch(p));
    }

    private OperationRunner runner(PatchArguments p) {
        Masker masker = Masker.of(List.of(SECRET));
        return new OperationRunner(null, patch(p), new LogProgress(log::add, masker), workspace, masker);
    }

    private StepOutcome call(CallArguments args) {
        return new PlatformCall(Operation.PATCH, "examples/platform-local.yaml", args, CallCredentials.none())
                .execute(workspace, Map.of(), log::add);
    }

    @Test
    void optionsDefaultToTheClisAndAreTakenWhenGiven() {
        assertThat(patch(PatchArguments.none()).patch()).isEqualTo(PatchRequest.defaults());
        assertThat(patch(new PatchArguments(true, null, 60, 0)).patch())
                .isEqualTo(new PatchRequest(true, Duration.ofSeconds(60), Duration.ZERO));
        assertThat(patch(new PatchArguments(false, null, null, 30)).patch())
                .isEqualTo(new PatchRequest(false, PatchRequest.DEFAULT_HEALTH_TIMEOUT, Duration.ofSeconds(30)));
        assertThat(Operation.PATCH.step()).isEqualTo("rolestackPatch");
        assertThat(Operation.PATCH.command()).isEqualTo("patch");
        assertThat(Operation.values()).as("in the order the steps were added").containsSubsequence(Operation.HEAL, Operation.PATCH, Operation.BACKUP_DB);
    }

    @Test
    void aBadOptionIsBadInputNamingTheArgument() {
        assertThatThrownBy(() -> patch(new PatchArguments(null, null, 0, null)).patch())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("rolestackPatch: argument 'healthTimeoutSeconds' must be between 1 and 86400 seconds, was 0");
        assertThatThrownBy(() -> patch(new PatchArguments(null, null, null, -1)).patch())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("rolestackPatch: argument 'dpkgLockWaitSeconds' must be between 0 and 86400 seconds, was -1");
        assertThatThrownBy(() -> patch(new PatchArguments(null, null, 86_401, null)).patch())
                .hasMessageContaining("'healthTimeoutSeconds' must be between 1 and 86400 seconds, was 86401");
    }

    @Test
    void theJUnitFileDefaultsAndStaysInsideTheWorkspace() {
        Path ws = workspace.toAbsolutePath().normalize();
        assertThat(patch(PatchArguments.none()).junitFile(workspace)).contains(ws.resolve("rolestack-patch.xml"));
        assertThat(patch(new PatchArguments(null, " reports/p.xml ", null, null)).junitFile(workspace)).contains(ws.resolve("reports/p.xml"));
        assertThatThrownBy(() -> patch(new PatchArguments(null, "../p.xml", null, null)).junitFile(workspace))
                .hasMessage("rolestackPatch: argument 'junit' '../p.xml' leaves the workspace");
        assertThat(new Requests(Operation.HEALTH, CallArguments.none().withPatch(new PatchArguments(null, "p.xml", null, null)))
                .junitFile(workspace)).as("health keeps its own").contains(ws.resolve("rolestack-health.xml"));
    }

    @Test
    void theValueIsOneMapPerHostWithItsPackagesAndASummary() {
        Map<String, Object> v = PipelineValues.patch(STOPPED);
        PipelineValues.requirePlain(v, "patch");
        assertThat(v).containsEntry("ok", false).containsEntry("dryRun", false)
                .containsEntry("stoppedAt", "db2.production.wpdn: unhealthy after patching")
                .containsEntry("notes", List.of("an expired patch lock of ci-41 was broken"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> hosts = (List<Map<String, Object>>) v.get("hosts");
        assertThat(hosts).hasSize(3);
        assertThat(hosts.get(0).keySet()).containsExactly("host", "role", "wave", "status", "packages", "keptBack", "restarted",
                "rebooted", "healthBefore", "healthAfter", "millis", "message");
        assertThat(hosts.get(0)).isEqualTo(Map.ofEntries(Map.entry("host", "app1.production.wpdn"), Map.entry("role", "app"),
                Map.entry("wave", 1), Map.entry("status", "patched"),
                Map.entry("packages", List.of(Map.of("name", "openssl", "from", "3.0.2-0ubuntu1.14", "to", "3.0.2-0ubuntu1.15"),
                        Map.of("name", "libfoo", "from", "", "to", "1.2"))),
                Map.entry("keptBack", List.of("linux-image-generic")), Map.entry("restarted", List.of("nginx")),
                Map.entry("rebooted", true), Map.entry("healthBefore", "healthy"), Map.entry("healthAfter", "healthy"),
                Map.entry("millis", 12_500), Map.entry("message", "")));
        assertThat(hosts.get(1)).containsEntry("status", "unhealthy").containsEntry("healthBefore", "healthy")
                .containsEntry("healthAfter", "unhealthy: process mariadbd: expected running, saw stopped, token " + SECRET);
        assertThat(hosts.get(2)).containsEntry("status", "not started").containsEntry("packages", List.of())
                .containsEntry("healthBefore", "not checked").containsEntry("message", "the roll stopped at db2");
        assertThat(v.get("summary")).isEqualTo(Map.of("hosts", 3, "planned", 0, "patched", 1, "upToDate", 0, "unhealthy", 1,
                "failed", 0, "notStarted", 1, "withUpgrades", 2, "rebooted", 1));
        Map<String, Object> dry = PipelineValues.patch(DRY);
        assertThat(dry).containsEntry("ok", true).containsEntry("dryRun", true).containsEntry("stoppedAt", null);
        assertThat(dry.get("summary")).isEqualTo(Map.of("hosts", 2, "planned", 2, "patched", 0, "upToDate", 0, "unhealthy", 0,
                "failed", 0, "notStarted", 0, "withUpgrades", 1, "rebooted", 1));
    }

    @Test
    void aStoppedRollIsExitCode1LoggedAsTheCliPrintsItAndItsReportIsMasked() throws IOException {
        OperationRunner.Done done = runner(PatchArguments.none()).patch(STOPPED);
        assertThat(done.exitCode()).isEqualTo(1);
        assertThat(done.message()).isEqualTo("3 host(s): 1 patched, 0 up to date, 2 stopped or failed");
        assertThat(log).containsExactly(
                "wave 1 app1: patched; upgraded openssl 3.0.2-0ubuntu1.14 -> 3.0.2-0ubuntu1.15, libfoo (new) -> 1.2; restarted nginx; "
                        + "rebooted yes; health before healthy, after healthy; 12.5 s",
                "wave 2 db2: unhealthy; upgraded mariadb-server 1:10.6.1 -> 1:10.6.2; restarted -; rebooted no; health before healthy, "
                        + "after unhealthy: process mariadbd: expected running, saw stopped, token ****; 200.0 s",
                "wave 3 jump: not started; upgraded -; restarted -; rebooted no; health before not checked, after not checked; 0.0 s",
                "roll stopped at db2.production.wpdn: unhealthy after patching",
                "db2: unhealthy after patching",
                "an expired patch lock of ci-41 was broken",
                "rolestackPatch: wrote rolestack-patch.xml");
        String xml = Files.readString(workspace.resolve("rolestack-patch.xml"));
        assertThat(xml).contains("<testsuite name=\"rolestack.patch\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\"")
                .contains("classname=\"rolestack.patch.db\" name=\"db2\"")
                .contains("<skipped message=\"the roll stopped at db2\"")
                .contains("token ****")
                .as("the archived report is masked like the log").doesNotContain(SECRET);
    }

    @Test
    void aDryRunListsTheUpgradesAndItsVerdictFollowsTheExitCode() {
        OperationRunner.Done dry = runner(new PatchArguments(true, "out/dry.xml", null, null)).patch(DRY);
        assertThat(dry.exitCode()).isZero();
        assertThat(dry.message()).isEqualTo("2 host(s): 1 with upgrades (dry run)");
        assertThat(log).startsWith("wave 1 app1 (app): upgradable openssl 3.0.2-0ubuntu1.14 -> 3.0.2-0ubuntu1.15; reboot likely",
                "wave 2 db2 (db): upgradable -; reboot no");
        assertThat(workspace.resolve("out/dry.xml")).exists();
        assertThat(StepOutcome.of(dry.exitCode(), false, dry.message(), dry.value()).verdict()).isEqualTo(Verdict.SUCCESS);
        OperationRunner.Done stopped = runner(PatchArguments.none()).patch(STOPPED);
        assertThat(StepOutcome.of(stopped.exitCode(), true, stopped.message(), stopped.value()).verdict()).isEqualTo(Verdict.UNSTABLE);
        assertThat(StepOutcome.of(stopped.exitCode(), false, stopped.message(), stopped.value()).verdict()).isEqualTo(Verdict.FAILURE);
    }

    @Test
    void aBadOptionOnTheAgentIsExitCode2AndTheStaleReportIsGone() {
        writeStale("rolestack-patch.xml");
        StepOutcome o = call(CallArguments.none().withUnstableOnFailure(true).withPatch(new PatchArguments(null, null, 0, null)));
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.verdict()).as("bad input fails even when unstableOnFailure").isEqualTo(Verdict.FAILURE);
        assertThat(o.message()).isEqualTo("rolestackPatch: argument 'healthTimeoutSeconds' must be between 1 and 86400 seconds, was 0");
        assertThat(workspace.resolve("rolestack-patch.xml")).as("an earlier build's report is not this build's").doesNotExist();
    }

    @Test
    void theAgentLogsTheClisCommandLineAndAReportNeverReplacesTheJson() {
        StepOutcome o = call(CallArguments.none().withLimit("nosuch")
                .withPatch(new PatchArguments(true, "reports/p.xml", 90, null)));
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(log).contains("rolestackPatch: patch -f examples/platform-local.yaml --limit nosuch --dry-run --health-timeout 90 "
                + "--junit reports/p.xml");
        assertThat(o.message()).startsWith("rolestackPatch: --limit nosuch matches no host");
        StepOutcome json = call(CallArguments.none().withJsonFile("rolestack-patch.xml"));
        assertThat(json.message()).isEqualTo("rolestackPatch: argument 'junit' 'rolestack-patch.xml' is the jsonFile: "
                + "give the report a file of its own");
    }

    @Test
    void thePatchArgumentsCrossTheChannel() throws Exception {
        PlatformCall call = new PlatformCall(Operation.PATCH, "examples/platform-local.yaml",
                CallArguments.none().withPatch(new PatchArguments(true, null, null, -3)), CallCredentials.none());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buf)) {
            out.writeObject(call);
        }
        PlatformCall copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(buf.toByteArray()))) {
            copy = (PlatformCall) in.readObject();
        }
        assertThat(StepOutcome.fromMap(copy.run(workspace, Map.of(), log::add)).message())
                .contains("argument 'dpkgLockWaitSeconds' must be between 0 and 86400 seconds, was -3");
    }

    private void writeStale(String name) {
        try {
            Files.writeString(workspace.resolve(name), "<testsuite name=\"from an earlier build\"/>");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
