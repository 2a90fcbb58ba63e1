package io.rolestack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolestack.core.testing.TestKeys;
import io.rolestack.vm.openstack.simulator.OpenStackSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `rolestack vm` and `plan` with provider: openstack, through the real openstack4j client, against the OpenStack simulator. */
class VmCommandAgainstOpenStackSimulatorIT {
    @TempDir
    static Path tmp;
    static OpenStackSimulator cloud;
    static Path spec;

    @BeforeAll
    static void start() throws Exception {
        cloud = OpenStackSimulator.start().buildDelay(Duration.ofMillis(200));
        Path key = tmp.resolve("deploy_ed25519");
        TestKeys.generate(key);
        spec = tmp.resolve("platform.yaml");
        Files.writeString(spec, """
                environment: production
                domain: wpdn
                provider:
                  type: openstack
                  image: debian-12
                  network: internal
                  subnetCidr: 10.20.0.0/24
                  flavor: m1.small
                  sshFrom: 198.51.100.0/24
                  pollInterval: 100ms
                jump: jump
                hosts: [masterdb1, db2, app1, frontend1]
                roles:
                  app: { flavor: m1.medium }
                ssh:
                  identity: %s
                """.formatted(key));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) cloud.close();
    }

    static CliTest.Run run(String... args) {
        return run(cloud, args);
    }

    static CliTest.Run run(OpenStackSimulator on, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Rolestack.commandLine(on.osEnvironment());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new CliTest.Run(exit, out.toString(), err.toString());
    }

    @Test
    void planShowsTheHostsToCreateThenCreateMakesEachOnceWithAFloatingIpOnlyOnTheJumpHost() throws Exception {
        // plan before anything exists: the hosts it would create, and not one server made.
        CliTest.Run plan = run("plan", "-q", "--json", "-f", spec.toString());
        assertThat(plan.exit()).as(plan.out() + plan.err()).isZero();
        JsonNode planned = new ObjectMapper().readTree(plan.out());
        assertThat(planned.get("hosts").findValuesAsText("message")).hasSize(5).containsOnly("would be created");
        assertThat(cloud.calls().stream().filter(c -> c.method().equals("POST") && c.path().endsWith("/servers"))).isEmpty();

        CliTest.Run first = run("vm", "create", "-q", "--json", "-f", spec.toString());
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        JsonNode created = new ObjectMapper().readTree(first.out());
        assertThat(created.findValuesAsText("host")).containsExactlyInAnyOrder("jump.production.wpdn",
                "masterdb1.production.wpdn", "db2.production.wpdn", "app1.production.wpdn", "frontend1.production.wpdn");
        assertThat(created.findValuesAsText("status")).containsOnly("changed");
        assertThat(first.out() + first.err()).doesNotContain(OpenStackSimulator.PASSWORD);

        CliTest.Run again = run("vm", "create", "-q", "--json", "-f", spec.toString());
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
        assertThat(new ObjectMapper().readTree(again.out()).findValuesAsText("status")).containsOnly("ok");

        CliTest.Run list = run("vm", "list", "--json", "-f", spec.toString());
        assertThat(list.exit()).as(list.err()).isZero();
        for (JsonNode h : new ObjectMapper().readTree(list.out())) {
            boolean jump = h.get("host").asText().equals("jump.production.wpdn");
            assertThat(h.get("publicIp").isNull()).as(h.toString()).isEqualTo(!jump);
        }
        // The app host got its role's flavor, the others the default.
        assertThat(cloud.calls().stream().filter(c -> c.method().equals("POST") && c.path().endsWith("/servers"))
                .map(c -> c.body()).filter(b -> b.contains("app1.production.wpdn")).findFirst().orElseThrow())
                .contains("\"flavorRef\" : \"2\""); // m1.medium: the simulator numbers m1.small, m1.medium, m1.large 1, 2, 3
    }

    @Test
    void rebootAndDeleteActOnTheNamedServersOnly() throws Exception {
        try (OpenStackSimulator cloud = OpenStackSimulator.start().buildDelay(Duration.ofMillis(200))) {
            rebootAndDelete(cloud);
        }
    }

    private static void rebootAndDelete(OpenStackSimulator cloud) throws Exception {
        Path own = tmp.resolve("reboot-delete.yaml");
        Files.writeString(own, Files.readString(spec).replace("environment: production", "environment: staging"));
        assertThat(run(cloud, "vm", "create", "-q", "-f", own.toString(), "jump", "app1", "db2").exit()).isZero();

        CliTest.Run reboot = run(cloud, "vm", "reboot", "-q", "--json", "-f", own.toString(), "app1");
        assertThat(reboot.exit()).as(reboot.out() + reboot.err()).isZero();
        assertThat(new ObjectMapper().readTree(reboot.out()).findValuesAsText("status")).containsExactly("changed");
        assertThat(cloud.calls().stream().filter(c -> c.method().equals("POST") && c.path().endsWith("/action")))
                .anySatisfy(c -> assertThat(c.body().replaceAll("\\s", "")).isEqualTo("{\"reboot\":{\"type\":\"HARD\"}}"));

        CliTest.Run delete = run(cloud, "vm", "delete", "-q", "--json", "-f", own.toString(), "app1", "jump");
        assertThat(delete.exit()).as(delete.out() + delete.err()).isZero();
        assertThat(new ObjectMapper().readTree(delete.out()).findValuesAsText("status")).containsOnly("changed");
        CliTest.Run list = run(cloud, "vm", "list", "--json", "-f", own.toString());
        assertThat(new ObjectMapper().readTree(list.out()).findValuesAsText("host")).containsExactly("db2.staging.wpdn");
        // The jump host's floating IP was released with it.
        assertThat(cloud.floatingIpCount()).isZero();

        // Deleting again: nothing there, nothing failed.
        CliTest.Run again = run(cloud, "vm", "delete", "-q", "--json", "-f", own.toString(), "app1");
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
        assertThat(new ObjectMapper().readTree(again.out()).findValuesAsText("status")).containsExactly("ok");
    }

    @Test
    void healWithTheRealProbesRebootsNothingWhenTheJumpHostIsUnreachable() throws Exception {
        // The simulator's floating IP (TEST-NET-3) answers nothing: the real SSH probe of the jump host fails.
        try (OpenStackSimulator cloud = OpenStackSimulator.start().buildDelay(Duration.ofMillis(200))) {
            Path own = tmp.resolve("heal.yaml");
            Files.writeString(own, Files.readString(spec).replace("environment: production", "environment: healing"));
            assertThat(run(cloud, "vm", "create", "-q", "-f", own.toString(), "jump", "app1").exit()).isZero();

            CliTest.Run heal = run(cloud, "heal", "-q", "--json", "-f", own.toString(), "--limit", "jump,app1",
                    "--attempts", "1", "--probe-timeout", "2s", "--reboot-log", tmp.resolve("heal-reboots").toString());

            assertThat(heal.exit()).as(heal.out() + heal.err()).isEqualTo(1);
            JsonNode hosts = new ObjectMapper().readTree(heal.out());
            assertThat(hosts.findValuesAsText("host")).containsExactly("jump.healing.wpdn", "app1.healing.wpdn");
            assertThat(hosts.findValuesAsText("status")).containsOnly("refused");
            assertThat(hosts.get(1).get("message").asText()).contains("the jump host is unreachable");
            assertThat(cloud.calls("POST", "/action")).as("no reboot sent").isEmpty();
            assertThat(tmp.resolve("heal-reboots")).doesNotExist();
        }
    }

    @Test
    void missingCredentialsAreAClearErrorNamingWhatIsMissing() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Rolestack.commandLine(Map.of());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute("vm", "list", "-f", spec.toString());
        assertThat(exit).isNotZero();
        assertThat(err.toString()).startsWith("rolestack: ").doesNotContain("\tat ");
    }
}
