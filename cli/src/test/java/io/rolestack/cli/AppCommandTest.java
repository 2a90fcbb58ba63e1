package io.rolestack.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rolestack app}: help, and bad input refused with exit 2 before any host or repo is reached. */
class AppCommandTest {
    @TempDir
    Path tmp;

    @Test
    void helpNamesTheSubcommandsAndWhatDeployDoes() {
        CliTest.Run app = CliTest.run("app", "--help");
        assertThat(app.out()).contains("deploy").contains("rollback").contains("releases").contains("setup");
        assertThat(CliTest.run("app", "setup", "--help").out()).contains("admin password on stdin").contains("idempotent");
        CliTest.Run deploy = CliTest.run("app", "deploy", "--help");
        assertThat(deploy.exit()).isZero();
        assertThat(deploy.out()).contains("-f").contains("APP").contains("--health-timeout").contains("--json")
                .contains("marks the release BAD").contains("Exit code: 0 deployed or unchanged, 1 a failure").contains("2 bad input (spec, arguments)");
        assertThat(CliTest.run("app", "rollback", "--help").out()).contains("--to");
    }

    @Test
    void aSpecWithoutAppsOrAnUnknownAppOrABadReleaseIdIsBadInput() throws Exception {
        // (examples/platform-local.yaml has the demo's WordPress now: a spec of its own without apps.)
        Path noApps = tmp.resolve("no-apps.yaml");
        Files.writeString(noApps, """
                environment: clitest
                domain: wpdn
                provider: { type: local, stateDir: %s }
                jump: jump
                hosts: [app1, frontend1]
                """.formatted(tmp.resolve("state")));
        for (String command : new String[] {"deploy", "setup"}) {
            CliTest.Run none = CliTest.run("app", command, "-f", noApps.toString());
            assertThat(none.exit()).as(command).isEqualTo(Rolestack.BAD_INPUT);
            assertThat(none.err()).as(command).contains("has no apps");
        }

        Path spec = tmp.resolve("spec.yaml");
        Files.writeString(spec, """
                environment: clitest
                domain: wpdn
                provider: { type: local, stateDir: %s }
                jump: jump
                hosts: [app1, frontend1]
                apps: [{ name: site, repo: "file:///nowhere/site.git" }]
                """.formatted(tmp.resolve("state")));
        CliTest.Run unknown = CliTest.run("app", "deploy", "-f", spec.toString(), "blog");
        assertThat(unknown.exit()).isEqualTo(Rolestack.BAD_INPUT);
        assertThat(unknown.err()).contains("'blog' is not an app of").contains("(apps: site)");
        CliTest.Run badId = CliTest.run("app", "rollback", "-f", spec.toString(), "site", "--to", "latest");
        assertThat(badId.exit()).isEqualTo(Rolestack.BAD_INPUT);
        assertThat(badId.err()).contains("--to 'latest' is not a release id");
        // An unreachable repo is a failure naming it, found before any host is reached (there are none here).
        CliTest.Run unreachable = CliTest.run("app", "deploy", "-f", spec.toString(), "-q");
        assertThat(unreachable.exit()).isEqualTo(Rolestack.FAILED);
        assertThat(unreachable.err()).contains("app site: repo: cannot fetch file:///nowhere/site.git");
    }
}
