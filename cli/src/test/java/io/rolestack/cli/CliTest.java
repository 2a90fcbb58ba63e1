package io.rolestack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Rolestack.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void healRefusesBadNumbersAndDurationsBeforeAnyHostIsReached() {
        Run interval = run("heal", "-f", "../examples/platform-openstack.yaml", "--min-interval", "30x");
        assertThat(interval.exit()).isEqualTo(2);
        assertThat(interval.err()).contains("heal: --min-interval '30x' is not a duration");
        Run attempts = run("heal", "-f", "../examples/platform-openstack.yaml", "--attempts", "0");
        assertThat(attempts.exit()).isEqualTo(2);
        assertThat(attempts.err()).contains("heal: --attempts must be between 1 and 100, was 0");

        Run help = run("heal", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--attempts=N", "--every=DURATION", "--max-reboots=K", "--min-interval=DURATION",
                "--limit=HOST|ROLE", "--json", "Exit code: 0 every host healthy or healed");
    }

    @Test
    void roleExplainJsonPrintsTheIdentity() throws Exception {
        Run r = run("role", "explain", "redis-sessions1.production.wpdn", "--json");
        assertThat(r.exit()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("role").asText()).isEqualTo("redis");
        assertThat(j.get("qualifiers").get(0).asText()).isEqualTo("sessions");
        assertThat(j.get("index").asInt()).isEqualTo(1);
        assertThat(j.get("environment").asText()).isEqualTo("production");
        assertThat(j.get("domain").asText()).isEqualTo("wpdn");
        assertThat(j.get("primary").asBoolean()).isFalse();
    }

    @Test
    void roleExplainUsesTheSpecsDefaults() {
        Run r = run("role", "explain", "masterdb1", "-f", "../examples/platform-openstack.yaml");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("host:        masterdb1.production.wpdn").contains("primary:     true");
    }

    @Test
    void invalidHostnameIsExitTwoWithOneClearLine() {
        Run r = run("role", "explain", "app_1.production");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo(
                "rolestack: invalid hostname 'app_1.production': label 'app_1' has a character outside [a-z0-9-] (RFC 1123)");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void specValidateReportsFileLineColumn(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "environment: production\ndomain: wpdn\nprovider: { type: local }\njump: jump\nhosts: [app1, app1]\n");
        Run r = run("spec", "validate", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(bad + ":5:15: hosts[1]: duplicate host 'app1.production.wpdn'");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void specValidateAcceptsBothExamples() {
        assertThat(run("spec", "validate", "../examples/platform-local.yaml").exit()).isZero();
        Run r = run("spec", "validate", "../examples/platform-openstack.yaml", "--json");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"valid\" : true").contains("jump.production.wpdn");
    }

    @Test
    void sshConfigProxiesEveryInternalHostThroughTheJump() {
        Run r = run("ssh-config", "-f", "../examples/platform-openstack.yaml");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Host jump jump.production.wpdn\n    HostName jump.production.wpdn\n");
        assertThat(r.out()).contains("Host app2 app2.production.wpdn\n    HostName app2.production.wpdn\n    User root\n    ProxyJump jump\n");
        assertThat(r.out().lines().filter(l -> l.contains("StrictHostKeyChecking")))
                .hasSize(10).allMatch(l -> l.strip().equals("StrictHostKeyChecking yes"));
        long proxied = r.out().lines().filter(l -> l.contains("ProxyJump jump")).count();
        assertThat(proxied).isEqualTo(9);
    }

    @Test
    void applyWithALimitThatMatchesNoHostIsBadInputAndTouchesNothing(@TempDir Path tmp) throws Exception {
        Path state = tmp.resolve("state");
        Path spec = localExample(tmp);
        Run r = run("apply", "-q", "-f", spec.toString(), "--limit", "ap1,frontend9");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("rolestack: --limit ap1,frontend9 matches no host of " + spec)
                .contains("app1").doesNotContain("\tat ");
        assertThat(state).doesNotExist();

        // The same names given twice are one limit, not an error.
        assertThat(io.rolestack.role.plan.Limit.parse("app1, app1").names()).containsExactly("app1");
    }

    @Test
    void sshConfigOfALocalSpecWithoutHostsSaysToBringThemUp(@TempDir Path tmp) throws Exception {
        Path spec = localExample(tmp);
        Run r = run("ssh-config", "-f", spec.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("rolestack: no local hosts of environment production yet: rolestack local up -f " + spec);
    }

    @Test
    void execRefusesBadInputBeforeAnyHostIsReached(@TempDir Path tmp) throws Exception {
        Path state = tmp.resolve("state");
        Path spec = localExample(tmp);
        Run timeout = run("exec", "-q", "-f", spec.toString(), "--timeout", "0", "--", "uptime");
        assertThat(timeout.exit()).as(timeout.err()).isEqualTo(2);
        assertThat(timeout.err()).contains("timeout must be between 1 s and 24 h, was 0 s");
        Run limit = run("exec", "-q", "-f", spec.toString(), "--limit", "web9", "--", "uptime");
        assertThat(limit.exit()).as(limit.err()).isEqualTo(2);
        assertThat(limit.err()).contains("--limit web9 matches no host of " + spec);
        Run parallelism = run("exec", "-q", "-f", spec.toString(), "--parallelism", "0", "--", "uptime");
        assertThat(parallelism.exit()).as(parallelism.err()).isEqualTo(2);
        assertThat(parallelism.err()).contains("parallelism must be between 1 and 256, was 0");
        Run noCommand = run("exec", "-q", "-f", spec.toString());
        assertThat(noCommand.exit()).isEqualTo(2);
        assertThat(noCommand.err()).contains("COMMAND");
        assertThat(state).as("no host was touched or created").doesNotExist();
    }

    /** The local example with its state under {@code tmp/state}, so a test can show nothing was created there. */
    static Path localExample(Path tmp) throws java.io.IOException {
        Path spec = tmp.resolve("spec.yaml");
        Files.writeString(spec, Files.readString(Path.of("../examples/platform-local.yaml"))
                .replace("subnet: 10.213.0.0/24", "subnet: 10.213.0.0/24\n  stateDir: " + tmp.resolve("state")));
        return spec;
    }

    @Test
    void helpListsTheCommands() {
        Run r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("role").contains("spec").contains("ssh-config").contains("exec");
    }

    @Test
    void healthRefusesBadThresholdsAsBadInputBeforeAnyHostIsReached() {
        Run r = run("health", "-f", "../examples/platform-openstack.yaml", "--max-disk", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("rolestack: health: diskPercent must be 1..100, was 0");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void patchRefusesBadInputBeforeAnyHostIsReached() {
        Run r = run("patch", "-f", "../examples/platform-openstack.yaml", "--health-timeout", "0", "--dry-run");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("rolestack: patch: the health timeout must be positive, was 0 s");
        Run limit = run("patch", "-f", "../examples/platform-openstack.yaml", "--limit", "nosuchhost");
        assertThat(limit.exit()).isEqualTo(2);
        assertThat(limit.err()).contains("--limit nosuchhost matches no host of");
        Run help = run("patch", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--dry-run").contains("--junit").contains("--limit");
    }
}
