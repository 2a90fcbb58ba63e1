package io.rolestack.role.render;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.role.Platforms;
import io.rolestack.role.catalog.Role;
import io.rolestack.role.catalog.RoleCatalog;
import io.rolestack.role.ops.Capability;
import io.rolestack.role.watch.WatchedService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateRendererTest {
    @TempDir
    Path dir;

    private static String render(RoleCatalog c, Inventory inv, String host, String role, String file, Set<String> caps) {
        Host h = inv.host(host).orElseThrow();
        Role r = c.role(role).orElseThrow();
        return new TemplateRenderer(c).render(role, file, RenderModel.of(inv, h, c.names(), r.vars(), caps, WatchedService.of(c.rolesFor(h.name()))));
    }

    @Test
    void frontendUpstreamListsTheAppPool() {
        RoleCatalog c = RoleCatalog.load(Optional.empty());
        Inventory inv = Platforms.example();
        String upstream = render(c, inv, "frontend1", "frontend", "app-upstream.conf.peb", Set.of());
        assertThat(upstream).contains("upstream app {\n    server 10.20.0.14:9000;\n    server 10.20.0.15:9000;\n}\n");

        Inventory more = inv.with(Platforms.host("app3", "10.20.0.99"));
        assertThat(render(c, more, "frontend1", "frontend", "app-upstream.conf.peb", Set.of()))
                .contains("    server 10.20.0.15:9000;\n    server 10.20.0.99:9000;\n}");
    }

    @Test
    void aDrainedAppHostIsMarkedDownInTheUpstreamAndBackWhenNoLongerDrained() {
        RoleCatalog c = RoleCatalog.load(Optional.empty());
        Inventory inv = Platforms.example();
        Inventory drained = inv.withDrained(Set.of(inv.host("app1").orElseThrow().fqdn()));
        assertThat(render(c, drained, "frontend1", "frontend", "app-upstream.conf.peb", Set.of()))
                .contains("upstream app {\n    server 10.20.0.14:9000 down;\n    server 10.20.0.15:9000;\n}\n");
        // withPrimary (what a switchover re-renders with) keeps the drain; withDrained(none) lifts it.
        assertThat(render(c, drained.withPrimary("db", inv.host("db2").orElseThrow().name()).withDrained(Set.of()),
                "frontend1", "frontend", "app-upstream.conf.peb", Set.of()))
                .contains("upstream app {\n    server 10.20.0.14:9000;\n    server 10.20.0.15:9000;\n}\n");
        assertThat(drained.withPrimary("db", inv.host("db2").orElseThrow().name()).drained(inv.host("app1").orElseThrow())).isTrue();
    }

    @Test
    void emptyPoolRendersAFallbackNotAnError() {
        RoleCatalog c = RoleCatalog.load(Optional.empty());
        String upstream = render(c, Platforms.of("frontend1"), "frontend1", "frontend", "app-upstream.conf.peb", Set.of());
        assertThat(upstream).contains("server 127.0.0.1:9;").doesNotContain(":9000");
    }

    @Test
    void appPoolAcceptsOnlyTheFrontends() {
        RoleCatalog c = RoleCatalog.load(Optional.empty());
        String pool = render(c, Platforms.example(), "app2", "app", "www-pool.conf.peb", Set.of());
        assertThat(pool).contains("listen = 10.20.0.15:9000\n").contains("listen.allowed_clients = 10.20.0.12,10.20.0.13\n");
        assertThat(pool).as("a reload lets a request in flight finish").startsWith("; Managed by rolestack (role app).\n[global]\n")
                .contains("\nprocess_control_timeout = 10s\n\n[www]\n");
    }

    @Test
    void hostFactsAndPrimaryReachTemplates() {
        RoleCatalog c = RoleCatalog.load(Optional.empty());
        String primary = render(c, Platforms.example(), "masterdb1", "db", "55-rolestack-server.cnf.peb", Set.of());
        String replica = render(c, Platforms.example(), "db2", "db", "55-rolestack-server.cnf.peb", Set.of());
        assertThat(primary).contains("bind-address = 10.20.0.17\n");
        // Only the address differs: a switchover must not rewrite (and restart) MariaDB's server file.
        assertThat(replica.replace("10.20.0.18", "10.20.0.17")).isEqualTo(primary);
        assertThat(render(c, Platforms.example(), "app1", "app", "services.ini.peb", Set.of()))
                .contains("primary_name = \"masterdb1.production.wpdn\"");
    }

    @Test
    void appServicesNameTheDbPrimaryItsReplicasAndTheMemcachePoolAndFollowASwitchover() {
        RoleCatalog c = RoleCatalog.load(Optional.empty());
        Inventory inv = Platforms.example().with(Platforms.host("db3", "10.20.0.30"));
        String before = render(c, inv, "app1", "app", "services.ini.peb", Set.of());
        assertThat(before)
                .contains("[database]\nprimary = \"10.20.0.17\"\nprimary_name = \"masterdb1.production.wpdn\"\n")
                .contains("replicas = \"10.20.0.18,10.20.0.30\"\n")
                .contains("[memcache]\nservers = \"10.20.0.16:11211\"\n");

        // After a switchover to db2 the same template names db2 and moves masterdb1 among the replicas.
        Inventory moved = inv.withPrimary("db", io.rolestack.core.naming.HostName.parse("db2.production.wpdn"));
        String after = render(c, moved, "app1", "app", "services.ini.peb", Set.of());
        assertThat(after).contains("primary = \"10.20.0.18\"\nprimary_name = \"db2.production.wpdn\"\n")
                .contains("replicas = \"10.20.0.17,10.20.0.30\"\n");

        String none = render(c, Platforms.of("app1"), "app1", "app", "services.ini.peb", Set.of());
        assertThat(none).contains("primary = \"\"\n").contains("replicas = \"\"\n").contains("servers = \"\"\n");
    }

    @Test
    void chronyStaysOffTheClockWithoutTheClockCapability() {
        RoleCatalog c = RoleCatalog.load(Optional.empty());
        assertThat(render(c, Platforms.example(), "app1", "base", "chrony-defaults.peb", Capability.LOCAL_HOST))
                .contains("DAEMON_OPTS=\"-F 1 -x\"");
        assertThat(render(c, Platforms.example(), "app1", "base", "chrony-defaults.peb", Capability.REAL_VM))
                .contains("DAEMON_OPTS=\"-F 1\"").doesNotContain("-x");
    }

    @Test
    void everyBundledTemplateRendersForAFullPlatform() {
        RoleCatalog c = RoleCatalog.load(Optional.empty());
        Inventory inv = Platforms.of("jump1", "frontend1", "app1", "lamp1", "node1", "python1", "memcache1",
                "redis-sessions1", "masterdb1", "db2", "elastic1", "elastic2");
        int rendered = 0;
        for (Host h : inv.hosts()) {
            for (Role r : c.rolesFor(h.name())) {
                for (Role.FileSpec f : r.files()) {
                    assertThat(render(c, inv, h.shortName(), r.name(), f.template(), Capability.REAL_VM))
                            .as(r.name() + "/" + f.template()).isNotBlank();
                    rendered++;
                }
            }
        }
        assertThat(rendered).isGreaterThan(20);
        assertThat(render(c, inv, "elastic2", "elastic", "elasticsearch.yml.peb", Set.of()))
                .contains("discovery.seed_hosts: [\"10.20.0.21\", \"10.20.0.22\"]");
    }

    @Test
    void primaryFunctionAndUnknownPool() throws IOException {
        write("web/role.yaml", "files:\n  - {template: a.peb, dest: /etc/a}\n  - {template: b.peb, dest: /etc/b}\n");
        write("web/templates/a.peb", "db={{ primary(\"db\").privateIp }}\n");
        write("web/templates/b.peb", "line1\n{{ primary(\"nosuch\") }}\n");
        RoleCatalog c = RoleCatalog.load(Optional.of(dir));
        Inventory inv = Platforms.of("web1", "masterdb1", "db2");
        assertThat(render(c, inv, "web1", "web", "a.peb", Set.of())).isEqualTo("db=10.20.0.12\n");
        assertThatThrownBy(() -> render(c, inv, "web1", "web", "b.peb", Set.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining(dir.resolve("web/templates/b.peb") + ":2")
                .hasMessageContaining("no pool 'nosuch'");
    }

    @Test
    void brokenTemplateNamesRoleFileAndLine() throws IOException {
        write("web/role.yaml", "files:\n  - {template: broken.peb, dest: /etc/x}\n  - {template: typo.peb, dest: /etc/y}\n");
        write("web/templates/broken.peb", "ok\nok\n{% for ip in pools.app.privateIps %}\n{{ ip }}\n");
        write("web/templates/typo.peb", "a\nb\nc\n{{ pools.app.privateIpz }}\n");
        RoleCatalog c = RoleCatalog.load(Optional.of(dir));
        Inventory inv = Platforms.of("web1", "app1");
        assertThatThrownBy(() -> render(c, inv, "web1", "web", "broken.peb", Set.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith(dir.resolve("web/templates/broken.peb") + ":")
                .hasMessageContaining("role 'web', template broken.peb");
        assertThatThrownBy(() -> render(c, inv, "web1", "web", "typo.peb", Set.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith(dir.resolve("web/templates/typo.peb") + ":4: role 'web'")
                .hasMessageContaining("privateIpz");
    }

    private void write(String relative, String text) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

}
