package io.rolestack.mariadb;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.Remote;
import io.rolestack.mariadb.server.ServerLayout;
import io.rolestack.mariadb.tls.CaStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input is refused before any host is contacted (the remote factory fails the test if called). */
class MariaDbClusterTest {
    @TempDir
    Path tmp;

    private final Function<Host, Remote> noHost = h -> {
        throw new AssertionError("contacted " + h.fqdn());
    };

    private static Host host(String name) {
        return Host.of(HostName.parse(name + ".production.wpdn"), "10.0.0.1");
    }

    @Test
    void needsADbPoolWithAPrimary() {
        CaStore store = CaStore.open(tmp.resolve("s"), "production");
        assertThatThrownBy(() -> new MariaDbCluster(new Inventory(List.of(host("app1"))), noHost, store, Progress.NONE))
                .hasMessageContaining("no 'db' hosts");
        assertThatThrownBy(() -> new MariaDbCluster(new Inventory(List.of(host("db1"), host("db2"))), noHost, store, Progress.NONE))
                .hasMessageContaining("no primary").hasMessageContaining("masterdb");
    }

    @Test
    void specNamedClusterChecksItsHosts() {
        CaStore store = CaStore.open(tmp.resolve("s"), "production");
        Inventory inv = new Inventory(List.of(host("sql1"), host("sql2"), host("app1")));
        Function<Host, ServerLayout> debian = h -> ServerLayout.debian();
        HostName sql1 = HostName.parse("sql1.production.wpdn");
        assertThatThrownBy(() -> MariaDbCluster.of(inv, sql1, List.of(HostName.parse("sql9.production.wpdn")), noHost, debian, store, Progress.NONE))
                .hasMessageContaining("sql9.production.wpdn is not in the inventory");
        assertThatThrownBy(() -> MariaDbCluster.of(inv, sql1, List.of(sql1), noHost, debian, store, Progress.NONE))
                .hasMessageContaining("both primary and replica");
        MariaDbCluster ok = MariaDbCluster.of(inv, sql1, List.of(HostName.parse("sql2.production.wpdn")), noHost, debian, store, Progress.NONE);
        assertThat(ok).isNotNull();
    }

    @Test
    void switchoverTargetMustBeInThePool() {
        CaStore store = CaStore.open(tmp.resolve("s"), "production");
        MariaDbCluster c = new MariaDbCluster(new Inventory(List.of(host("masterdb1"), host("db2"))),
                h -> new io.rolestack.core.remote.LocalRemote(h.fqdn()), store, Progress.NONE);
        assertThatThrownBy(() -> c.switchover(HostName.parse("db7.production.wpdn"), Duration.ofSeconds(5)))
                .hasMessageContaining("db7.production.wpdn is not in pool 'db'");
        assertThatThrownBy(() -> c.switchover("db7", Duration.ofSeconds(5))).hasMessageContaining("db7 is not in pool 'db'");
    }
}
