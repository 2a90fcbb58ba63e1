package io.rolestack.jenkins.bridge;

import io.rolestack.app.deploy.AppOutcome;
import io.rolestack.app.deploy.ReleaseState;
import io.rolestack.core.result.Result;
import io.rolestack.platform.InvalidRequestException;
import io.rolestack.platform.app.AppReleases;
import io.rolestack.platform.app.AppReport;
import io.rolestack.platform.app.AppRequest;
import io.rolestack.platform.app.AppValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** rolestackAppDeploy's plain-Java side: its actions, its arguments as an AppRequest, its log and value, its exit codes. */
class AppStepTest {
    static final String NEW = "0123456789abcdef";
    static final String OLD = "fedcba9876543210";

    @TempDir
    Path tmp;

    static Requests app(String action, CallArguments args) {
        return new Requests(Operation.of("rolestackAppDeploy", action), args);
    }

    @Test
    void theActionsAreTheCliSubcommands() {
        assertThat(Operation.of("rolestackAppDeploy", "deploy")).isEqualTo(Operation.APP_DEPLOY);
        assertThat(Operation.of("rolestackAppDeploy", " Rollback ")).isEqualTo(Operation.APP_ROLLBACK);
        assertThat(Operation.APP_RELEASES.command()).isEqualTo("app releases");
        assertThatThrownBy(() -> Operation.of("rolestackAppDeploy", "undo"))
                .hasMessage("rolestackAppDeploy: argument 'action' is 'undo', not one of deploy, rollback, releases");
    }

    @Test
    void unsetArgumentsAreTheCliDefaultsEveryAppAndThirtySeconds() {
        assertThat(app("deploy", CallArguments.none()).app()).isEqualTo(AppRequest.all());
        AppRequest r = app("rollback", CallArguments.none().withTo(" " + OLD + " ").withApp(new AppArguments(" wordpress ", 90))).app();
        assertThat(r).isEqualTo(AppRequest.of("wordpress").to(OLD).withHealthTimeout(Duration.ofSeconds(90)));
        assertThat(app("releases", CallArguments.none().withApp(new AppArguments("wordpress", null))).app()).isEqualTo(AppRequest.of("wordpress"));
        assertThat(app("deploy", CallArguments.none().withApp(new AppArguments(" ", null))).app().app()).as("blank: every app").isEmpty();
    }

    @Test
    void badArgumentsAreRefusedNamingTheStepArgument() {
        assertThatThrownBy(() -> app("rollback", CallArguments.none().withTo("latest").withApp(new AppArguments("wordpress", null))).app())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("rolestackAppDeploy: argument 'to' 'latest' is not a release id (16 hex digits, as action 'releases' lists them)");
        assertThatThrownBy(() -> app("rollback", CallArguments.none().withTo(OLD)).app())
                .hasMessage("rolestackAppDeploy: argument 'to' names a release of one app: give 'app' too");
        assertThatThrownBy(() -> app("deploy", CallArguments.none().withTo(OLD).withApp(new AppArguments("wordpress", null))).app())
                .hasMessage("rolestackAppDeploy: argument 'to' is only for action 'rollback'");
        assertThatThrownBy(() -> app("deploy", CallArguments.none().withApp(new AppArguments(null, 0))).app())
                .hasMessage("rolestackAppDeploy: argument 'healthTimeoutSeconds' must be between 1 and 3600 seconds, was 0");
        assertThatThrownBy(() -> app("deploy", CallArguments.none().withApp(new AppArguments(null, 3601))).app())
                .hasMessage("rolestackAppDeploy: argument 'healthTimeoutSeconds' must be between 1 and 3600 seconds, was 3601");
        assertThatThrownBy(() -> app("releases", CallArguments.none().withApp(new AppArguments(null, 60))).app())
                .hasMessage("rolestackAppDeploy: argument 'healthTimeoutSeconds' is only for actions 'deploy' and 'rollback'");
        assertThatThrownBy(() -> app("deploy", CallArguments.none().withLimit("app1")).options(io.rolestack.platform.PlatformOptions.defaults()))
                .hasMessage("rolestackAppDeploy: argument 'limit' is not for rolestackAppDeploy: an app always goes to its whole pool and every frontend (docs/apps.md)");
    }

    @Test
    void aDeployLogsALinePerAppAndEachFailedStepAndReturnsTheCliJson() {
        AppReport report = new AppReport(List.of(
                new AppOutcome("wordpress", NEW, Optional.of(OLD), AppOutcome.Status.DEPLOYED,
                        List.of(Result.changed("app1.production.wpdn", "switch current", "", "").took(Duration.ofMillis(20))),
                        "release " + NEW + " current on 2 host(s), healthy"),
                new AppOutcome("blog", NEW, Optional.empty(), AppOutcome.Status.FAILED,
                        List.of(Result.failed("frontend1.production.wpdn", "health /", "answered 502")), "health failed: rolled back")));
        List<String> log = new ArrayList<>();
        Masker masker = Masker.of(List.of());
        OperationRunner.Done done = new OperationRunner(null, app("deploy", CallArguments.none()), new LogProgress(log::add, masker), null, masker)
                .app(report);

        assertThat(done.exitCode()).as("an app failed: the CLI's 1").isEqualTo(1);
        assertThat(done.message()).isEqualTo("2 app(s): 1 ok, 1 failed");
        assertThat(done.value()).as("one mapping: the keys and values of rolestack app deploy --json").isEqualTo(AppValues.of(report));
        assertThat(done.value()).containsOnlyKeys("ok", "apps");
        PipelineValues.requirePlain(new LinkedHashMap<>(done.value()), "rolestackAppDeploy");
        assertThat(log).anySatisfy(l -> assertThat(l).contains("app wordpress: deployed " + NEW + " (before: " + OLD + "), 1 changed"))
                .anySatisfy(l -> assertThat(l).contains("app blog: failed " + NEW + ", 0 changed: health failed: rolled back"))
                .anySatisfy(l -> assertThat(l).contains("failed frontend1.production.wpdn health /: answered 502"));
        StepOutcome outcome = StepOutcome.of(done.exitCode(), true, done.message(), done.value());
        assertThat(outcome.verdict()).as("unstableOnFailure: a failed deploy marks the build unstable").isEqualTo(Verdict.UNSTABLE);
    }

    @Test
    void releasesLogEveryReleaseAndReturnTheCliJsonWithExitCodeZero() {
        List<AppReleases> all = List.of(new AppReleases("wordpress", List.of(new ReleaseState("app1.production.wpdn", Optional.of(OLD),
                List.of(new ReleaseState.Release(OLD, 1_765_076_400_000_000_000L, Optional.empty()),
                        new ReleaseState.Release(NEW, 0, Optional.of("health failed")))))));
        List<String> log = new ArrayList<>();
        Masker masker = Masker.of(List.of());
        OperationRunner.Done done = new OperationRunner(null, app("releases", CallArguments.none()), new LogProgress(log::add, masker), null, masker)
                .releases(all);

        assertThat(done.exitCode()).isZero();
        assertThat(done.value()).isEqualTo(AppValues.releases(all)).containsOnlyKeys("apps");
        PipelineValues.requirePlain(new LinkedHashMap<>(done.value()), "rolestackAppDeploy");
        assertThat(log).anySatisfy(l -> assertThat(l).contains("app wordpress app1.production.wpdn " + OLD + " *current* last current 2025-12-07T03:00:00Z"))
                .anySatisfy(l -> assertThat(l).contains(NEW + " last current never BAD: health failed"));
    }

    @Test
    void aSpecWithoutAppsIsBadInputAndAnUnreachableRepoAFailureBeforeAnyHost() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("job"));
        Files.writeString(ws.resolve("p.yaml"), """
                environment: noapps
                domain: wpdn
                provider: { type: local }
                jump: jump.noapps.wpdn
                hosts: [app1, frontend1]
                """);
        StepOutcome none = new PlatformCall(Operation.APP_DEPLOY, "p.yaml", CallArguments.none().withUnstableOnFailure(true),
                CallCredentials.none()).execute(ws, Map.of(), l -> { });
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.verdict()).isEqualTo(Verdict.FAILURE);
        assertThat(none.message()).startsWith("rolestackAppDeploy: ").contains("has no apps");

        Files.writeString(ws.resolve("site.yaml"), """
                environment: steptest
                domain: wpdn
                provider: { type: local, stateDir: %s }
                jump: jump
                hosts: [app1, frontend1]
                apps: [{ name: site, repo: "file:///nowhere/site.git" }]
                """.formatted(tmp.resolve("state")));
        List<String> log = new ArrayList<>();
        StepOutcome unreachable = new PlatformCall(Operation.APP_DEPLOY, "site.yaml", CallArguments.none()
                .withApp(new AppArguments("site", 45)).withJsonFile("app-deploy.json"), CallCredentials.none()).execute(ws, Map.of(), log::add);
        assertThat(unreachable.exitCode()).as("an input that cannot be had: the CLI's 1").isEqualTo(1);
        assertThat(unreachable.message()).contains("app site: repo: cannot fetch file:///nowhere/site.git");
        assertThat(log).anySatisfy(l -> assertThat(l).isEqualTo("rolestackAppDeploy: app deploy -f site.yaml site --health-timeout 45"));
        assertThat(Files.readString(ws.resolve("app-deploy.json"))).contains("\"exitCode\" : 1");
    }
}
