package io.rolestack.health.probe;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.naming.HostName;
import io.rolestack.health.Thresholds;
import io.rolestack.role.catalog.RoleCatalog;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HostProbesTest {
    final RoleCatalog catalog = RoleCatalog.load(Optional.empty());

    List<String> names(String host) {
        HostName n = HostName.parse(host);
        return HostProbes.names(HostProbes.of(Host.of(n, "10.1.0.7"), catalog.rolesFor(n), 1, Thresholds.defaults(), true));
    }

    @Test
    void aMemcacheHostGetsItsRoleChecksHostChecksAndStats() {
        assertThat(names("memcache1.production.wpdn")).containsExactly("tcp 22", "process sshd", "tcp 11211",
                "process memcached", "disk", "inodes", "memory", "clock", "reboot required", "pending updates", "monit",
                "memcached stats");
    }

    @Test
    void dbHostsGetReplicationChecksAndTheJumpHostSshOnce() {
        assertThat(names("masterdb1.production.wpdn")).contains("tcp 3306", "mariadb read_only", "mariadb replication");
        assertThat(names("jump.production.wpdn")).containsOnlyOnce("tcp 22").doesNotContain("mariadb replication");
    }

    @Test
    void portChecksGoToThePrivateAddressWhereServicesListen() {
        HostName n = HostName.parse("app1.production.wpdn");
        List<Probe> p = HostProbes.of(Host.of(n, "10.1.0.9"), catalog.rolesFor(n), 0, Thresholds.defaults(), true);
        assertThat(p).contains(new NetworkProbes.Tcp("10.1.0.9", 9000));
    }
}
