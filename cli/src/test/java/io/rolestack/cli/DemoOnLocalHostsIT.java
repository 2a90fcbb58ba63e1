package io.rolestack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's main command, `rolestack demo`, on real local hosts (needs root, as CI has). */
class DemoOnLocalHostsIT {
    @TempDir
    static Path tmp;
    static Path spec;

    static Path spec() throws Exception {
        if (spec == null) {
            // The example platform, in its own environment, subnets and state dir so it cannot meet a real one.
            // Its WordPress from a repo of its own, built as scripts/demo builds the demo's (scripts/app-repo).
            Path repo = tmp.resolve("repos/wordpress.git");
            Process build = new ProcessBuilder(Path.of("../scripts/app-repo").toAbsolutePath().normalize().toString(), "wordpress",
                    repo.toString()).redirectErrorStream(true).start();
            String built = new String(build.getInputStream().readAllBytes()).strip();
            assertThat(build.waitFor()).as(built).isZero();
            String example = Files.readString(Path.of("../examples/platform-local.yaml"))
                    .replace("file:///var/lib/rolestack/demo/wordpress.git", repo.toUri().toString())
                    .replace("production", "clidemo")
                    .replace("subnet: 10.213.0.0/24", "subnet: 10.213.201.0/24\n  jumpSubnet: 10.214.201.0/29\n  stateDir: " + tmp.resolve("state"));
            spec = tmp.resolve("platform-local.yaml");
            Files.writeString(spec, example);
        }
        return spec;
    }

    @AfterAll
    static void down() throws Exception {
        CliTest.Run r = CliTest.run("local", "down", "-q", "-f", spec().toString());
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void demoDeploysTheExamplePlatformThroughTheJumpHostAndASecondRunChangesNothing() throws Exception {
        CliTest.Run first = CliTest.run("demo", "-q", "--json", "-f", spec().toString(), "--secrets", tmp.resolve("secrets").toString());
        assertThat(first.exit()).as(first.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(first.out());
        assertThat(j.get("hosts")).hasSize(6);
        for (JsonNode h : j.get("hosts")) {
            assertThat(h.get("reachable").asBoolean()).as(h.toString()).isTrue();
            assertThat(h.get("os").asText()).contains("Debian GNU/Linux 12");
        }
        assertThat(j.get("hosts").findValuesAsText("host"))
                .contains("jump.clidemo.wpdn", "masterdb1.clidemo.wpdn", "db2.clidemo.wpdn", "app1.clidemo.wpdn",
                        "frontend1.clidemo.wpdn", "memcache1.clidemo.wpdn");

        // Roles were installed for real: nginx on the frontend, php-fpm on the app host, MariaDB replicating.
        assertThat(j.get("hosts").findValuesAsText("status")).doesNotContain("failed");
        for (JsonNode h : j.get("hosts")) {
            assertThat(h.get("changed").asInt()).as("the first demo configures " + h.get("host")).isPositive();
        }
        assertThat(j.get("database").findValuesAsText("status")).isNotEmpty().doesNotContain("failed");
        // The demo ends with every host's health checks: all pass on a platform it just built.
        assertThat(j.get("health").get("checks").asInt()).isGreaterThan(20);
        assertThat(j.get("health").get("failed")).as(j.get("health").toString()).isEmpty();
        // Then WordPress: deployed, installed, and how to reach it through the jump host.
        assertThat(j.get("apps").get(0).get("status").asText()).as(j.get("apps").toString()).isEqualTo("deployed");
        assertThat(j.get("appSetup").get(0).get("output").asText()).isEqualTo("installed: http://wordpress.clidemo.wpdn (admin user admin)");
        assertThat(j.get("howToReach").toString()).contains("ssh -F /tmp/clidemo.ssh.conf -N -L 8080:").contains("Host: wordpress.clidemo.wpdn");

        CliTest.Run again = CliTest.run("demo", "-q", "--json", "-f", spec().toString(), "--secrets", tmp.resolve("secrets").toString());
        assertThat(again.exit()).as(again.err()).isZero();
        JsonNode second = new ObjectMapper().readTree(again.out());
        assertThat(second.get("created").findValuesAsText("status")).containsOnly("ok");
        for (JsonNode h : second.get("hosts")) {
            assertThat(h.get("changed").asInt()).as("second demo changes nothing on " + h.get("host")).isZero();
        }
        assertThat(second.get("database").findValuesAsText("status")).containsOnly("ok");
        assertThat(second.get("apps").get(0).get("status").asText()).as(second.get("apps").toString()).isEqualTo("unchanged");
        assertThat(second.get("appSetup").get(0).get("output").asText()).startsWith("already installed");

        // plan after apply: nothing would change.
        CliTest.Run plan = CliTest.run("plan", "-q", "--json", "-f", spec().toString(), "--secrets", tmp.resolve("secrets").toString());
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(new ObjectMapper().readTree(plan.out()).get("summary").get("changed").asInt()).isZero();

        // db switchover through the CLI re-renders the app hosts' services.ini for the new primary before
        // writes resume; a plan afterwards reads the primary from the servers, so any config still naming
        // masterdb1 would show up as a change.
        String secrets = tmp.resolve("secrets").toString();
        CliTest.Run sw = CliTest.run("db", "switchover", "--to", "db2", "-q", "--json", "-f", spec().toString(), "--secrets", secrets);
        assertThat(sw.exit()).as(sw.err() + sw.out()).isZero();
        JsonNode swj = new ObjectMapper().readTree(sw.out());
        assertThat(swj.get("status").asText()).isEqualToIgnoringCase("changed");
        assertThat(swj.get("primary").asText()).isEqualTo("db2.clidemo.wpdn");
        CliTest.Run afterSwitch = CliTest.run("plan", "-q", "--json", "-f", spec().toString(), "--secrets", secrets);
        assertThat(afterSwitch.exit()).as(afterSwitch.err()).isZero();
        assertThat(new ObjectMapper().readTree(afterSwitch.out()).get("summary").get("changed").asInt())
                .as(afterSwitch.out()).isZero();
        CliTest.Run status = CliTest.run("db", "status", "--json", "-f", spec().toString(), "--secrets", secrets);
        assertThat(status.exit()).as(status.err() + status.out()).isZero();
        assertThat(new ObjectMapper().readTree(status.out()).get("primary").asText()).isEqualTo("db2.clidemo.wpdn");

        // ssh-config for a local spec: real OpenSSH reaches app1 through the jump host, host keys checked strictly.
        CliTest.Run cfg = CliTest.run("ssh-config", "-f", spec().toString());
        assertThat(cfg.exit()).as(cfg.err()).isZero();
        assertThat(cfg.out()).contains("ProxyJump jump").contains("StrictHostKeyChecking yes");
        Path cfgFile = Files.writeString(tmp.resolve("ssh.conf"), cfg.out());
        Process ssh = new ProcessBuilder("ssh", "-F", cfgFile.toString(), "app1", "hostname").redirectErrorStream(true).start();
        String sshOut = new String(ssh.getInputStream().readAllBytes()).strip();
        assertThat(ssh.waitFor()).as(sshOut).isZero();
        assertThat(sshOut).isEqualTo("app1");

        CliTest.Run list = CliTest.run("local", "list", "--json", "-f", spec().toString());
        assertThat(new ObjectMapper().readTree(list.out()).findValuesAsText("host")).hasSize(6);
    }
}
