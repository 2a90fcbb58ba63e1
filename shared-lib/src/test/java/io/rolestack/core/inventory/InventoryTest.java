package io.rolestack.core.inventory;

import io.rolestack.core.naming.HostName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryTest {
    static Host host(String name, String ip) {
        return Host.of(HostName.parse(name + ".production.wpdn"), ip);
    }

    final Inventory inv = new Inventory(List.of(
            host("app2", "10.0.0.12"), host("app1", "10.0.0.11"), host("app10", "10.0.0.20"),
            host("masterdb1", "10.0.0.31"), host("db2", "10.0.0.32"),
            host("memcache1", "10.0.0.41"), host("redis-sessions1", "10.0.0.51"),
            new Host(HostName.parse("jump.production.wpdn"), "10.0.0.2", Optional.of("203.0.113.5"), "srv-1")));

    @Test
    void poolsAreOrderedByIndexSoRenderedConfigsAreStable() {
        assertThat(inv.pool("app").privateIps()).containsExactly("10.0.0.11", "10.0.0.12", "10.0.0.20");
    }

    @Test
    void dbPoolHasThePrimaryAndItsReplicas() {
        Pool db = inv.pool("db");
        assertThat(db.names()).containsExactlyInAnyOrder("masterdb1.production.wpdn", "db2.production.wpdn");
        assertThat(db.primary()).map(Host::shortName).contains("masterdb1");
        assertThat(db.replicas()).extracting(Host::shortName).containsExactly("db2");
        assertThat(inv.primary("db")).isEqualTo(db.primary());
    }

    @Test
    void qualifiedHostsAreInTheirRolePoolAndTheirQualifiedPool() {
        assertThat(inv.pool("redis").size()).isEqualTo(1);
        assertThat(inv.pool("redis-sessions").privateIps()).containsExactly("10.0.0.51");
        assertThat(inv.pools()).containsKeys("app", "db", "memcache", "redis", "redis-sessions", "jump");
    }

    @Test
    void publicIpsOnlyWhereThereAreSome() {
        assertThat(inv.pool("jump").publicIps()).containsExactly("203.0.113.5");
        assertThat(inv.pool("app").publicIps()).isEmpty();
    }

    @Test
    void unknownPoolIsEmptyNotAnError() {
        assertThat(inv.pool("elastic").isEmpty()).isTrue();
        assertThat(inv.primary("elastic")).isEmpty();
    }

    @Test
    void lookupByShortOrFullName() {
        assertThat(inv.host("app1")).map(Host::privateIp).contains("10.0.0.11");
        assertThat(inv.host("app1.production.wpdn")).map(Host::privateIp).contains("10.0.0.11");
        assertThat(inv.host("app9")).isEmpty();
    }

    @Test
    void addingAHostReplacesByName() {
        Inventory more = inv.with(host("app3", "10.0.0.13")).with(host("app1", "10.0.0.99"));
        assertThat(more.pool("app").privateIps()).containsExactly("10.0.0.99", "10.0.0.12", "10.0.0.13", "10.0.0.20");
    }

    @Test
    void duplicatesAreRefused() {
        assertThatThrownBy(() -> new Inventory(List.of(host("app1", "1.1.1.1"), host("app1", "1.1.1.2"))))
                .hasMessageContaining("duplicate host in inventory: app1.production.wpdn");
    }
}
