package io.rolestack.mariadb.config;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.inventory.Pool;
import io.rolestack.core.naming.HostName;
import io.rolestack.mariadb.server.ServerLayout;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerConfigTest {
    private static Host host(String name, String ip) {
        return Host.of(HostName.parse(name + ".production.wpdn"), ip);
    }

    @Test
    void serverIdsAreTheIndexWhenUniqueElseAStableHash() {
        Pool pool = new Inventory(List.of(host("masterdb1", "10.0.0.5"), host("db2", "10.0.0.6"), host("db3", "10.0.0.7"))).pool("db");
        assertThat(pool.hosts()).extracting(h -> ServerConfig.serverId(h, pool)).containsExactly(1L, 2L, 3L);

        Pool clash = new Inventory(List.of(host("masterdb1", "10.0.0.5"), host("db1", "10.0.0.6"), host("db", "10.0.0.7"))).pool("db");
        List<Long> ids = clash.hosts().stream().map(h -> ServerConfig.serverId(h, clash)).toList();
        assertThat(ids).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isBetween(1001L, 4294967295L));
        // stable: the same host keeps its id whatever else joins the pool
        Host db1 = host("db1", "10.0.0.6");
        Pool grown = new Inventory(List.of(host("masterdb1", "1.1.1.1"), db1, host("db", "1.1.1.3"), host("db7", "1.1.1.2"))).pool("db");
        assertThat(ServerConfig.serverId(db1, grown)).isEqualTo(ServerConfig.serverId(db1, clash));
        Pool noClash = new Inventory(List.of(host("masterdb2", "1.1.1.1"), db1)).pool("db");
        assertThat(ServerConfig.serverId(db1, noClash)).isEqualTo(1L);
    }

    @Test
    void rendersReplicationTlsAndRoleOptions() {
        Pool pool = new Inventory(List.of(host("masterdb1", "10.0.0.5"), host("db2", "10.0.0.6"))).pool("db");
        Host db2 = pool.hosts().get(1);
        String cnf = ServerConfig.of(db2, pool, ServerLayout.debian(), true).render();
        assertThat(cnf).startsWith("# Managed by rolestack").contains("[mariadbd]")
                .contains("server_id                  = 2\n", "bind_address               = 10.0.0.6\n",
                        "log_bin                    = mariadb-bin\n", "binlog_format              = ROW\n",
                        "log_slave_updates          = ON\n", "gtid_strict_mode           = ON\n",
                        "ssl_ca                     = /etc/mysql/ssl/ca-bundle.pem\n",
                        "ssl_cert                   = /etc/mysql/ssl/server-cert.pem\n",
                        "ssl_key                    = /etc/mysql/ssl/server-key.pem\n", "read_only                  = ON\n",
                        "report_host                = db2.production.wpdn\n");
        assertThat(ServerConfig.of(pool.hosts().get(0), pool, ServerLayout.debian(), false).render())
                .contains("read_only                  = OFF\n", "server_id                  = 1\n");
    }

    @Test
    void rejectsBadValues() {
        assertThatThrownBy(() -> new ServerConfig(0, "x", "1.2.3.4", false, "a", "b", "c")).hasMessageContaining("server_id");
        assertThatThrownBy(() -> new ServerLayout("relative.cnf", "/x", "", 3306, "true", "mysql")).hasMessageContaining("absolute");
    }
}
