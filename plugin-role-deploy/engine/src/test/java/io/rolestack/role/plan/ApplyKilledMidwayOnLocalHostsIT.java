package io.rolestack.role.plan;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.result.Result;
import io.rolestack.role.catalog.RoleCatalog;
import io.rolestack.vm.local.testing.LocalHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of an apply midway (while files are being written), then
 * apply again: it converges, a third apply changes nothing, and no host holds
 * a partially written or leftover temporary file.
 */
class ApplyKilledMidwayOnLocalHostsIT {
    @RegisterExtension
    static LocalHosts hosts = LocalHosts.of("jump", "frontend1", "app1");

    @Test
    void applyKilledMidwayThenAppliedAgainConvergesWithNoPartialFiles() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ApplyInChildProcess.class.getName(),
                hosts.jump().fqdn(), hosts.jumpAddress(), String.valueOf(hosts.jumpPort()),
                hosts.privateKey().toString(), hosts.knownHosts().toString()));
        for (Host h : hosts.inventory().hosts()) cmd.add(h.fqdn() + "=" + h.privateIp());
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> seen = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            // Kill as soon as the first file has been written: the run is midway, more files and services to come.
            while ((line = out.readLine()) != null) {
                seen.add(line);
                if (line.contains("changed file ")) break;
            }
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(seen).as("the child reached a file write before it was killed").anyMatch(l -> l.contains("changed file "));
        assertThat(child.exitValue()).isEqualTo(137);

        RoleDeployer deployer = new RoleDeployer(RoleCatalog.load(Optional.empty()));
        DeployReport again = deployer.apply(hosts.inventory(), hosts.access(), DeployOptions.forLocalHosts());
        assertThat(again.summary().results()).filteredOn(Result::failed).isEmpty();
        assertThat(again.summary().count(io.rolestack.core.result.Status.CHANGED)).isPositive();

        DeployReport third = deployer.apply(hosts.inventory(), hosts.access(), DeployOptions.forLocalHosts());
        assertThat(third.summary().results()).filteredOn(Result::changed).isEmpty();

        for (Host h : hosts.inventory().hosts()) {
            // Temporary files of atomic writes (.name.rolestack-*) and of line edits (name.rolestack-*).
            String leftovers = hosts.exec(h.shortName(),
                    "find /etc /var/www -name '*.rolestack-*' 2>/dev/null; true").stdout();
            assertThat(leftovers).as("temporary files left on " + h.shortName()).isEmpty();
            // The install-time policy-rc.d (services not started by packages) must not outlive the runs.
            String policy = hosts.exec(h.shortName(), "grep -ls rolestack /usr/sbin/policy-rc.d; true").stdout();
            assertThat(policy).as("rolestack's policy-rc.d left on " + h.shortName()).isEmpty();
        }
    }
}
