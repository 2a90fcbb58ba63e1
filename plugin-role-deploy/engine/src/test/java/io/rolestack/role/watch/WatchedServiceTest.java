package io.rolestack.role.watch;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.role.Platforms;
import io.rolestack.role.catalog.RoleCatalog;
import io.rolestack.role.ops.Capability;
import io.rolestack.role.render.RenderModel;
import io.rolestack.role.render.TemplateRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What Monit watches, from the bundled catalog, and the monitrc rendered from it as real Monit reads it. */
class WatchedServiceTest {
    final RoleCatalog catalog = RoleCatalog.load(Optional.empty());

    @TempDir
    Path dir;

    List<WatchedService> watched(String shortName) {
        return WatchedService.of(catalog.rolesFor(HostName.parse(shortName + ".production.wpdn")));
    }

    @Test
    void eachRoleServiceWithAProcessCheckIsWatchedWithItsPorts() {
        assertThat(watched("memcache1")).containsExactly(new WatchedService("memcache", "memcached", "memcached", List.of(11211)));
        assertThat(watched("app1")).containsExactly(new WatchedService("app", "php8.2-fpm", "php-fpm", List.of(9000)));
        assertThat(watched("frontend1")).containsExactly(new WatchedService("frontend", "nginx", "nginx", List.of(80)));
        assertThat(watched("masterdb1")).extracting(WatchedService::service).containsExactly("mariadb");
    }

    @Test
    void servicesOfTheHostsInitAndAmbiguousChecksAreNotWatched() {
        // base: sshd is the host's own (manage: false) and its check names no service among three.
        assertThat(watched("jump1")).isEmpty();
    }

    @Test
    void thePatternFindsTheDaemonAndNothingNamedAlike() {
        Pattern memcached = Pattern.compile(new WatchedService("memcache", "memcached", "memcached", List.of()).commandLinePattern());
        assertThat(memcached.matcher("/usr/bin/memcached -m 64 -p 11211").find()).isTrue();
        assertThat(memcached.matcher("memcached").find()).isTrue();
        assertThat(memcached.matcher("/usr/bin/memcached-tool 10.0.0.1 stats").find()).isFalse();
        assertThat(memcached.matcher("vi /etc/memcached.conf").find()).isFalse();
        Pattern fpm = Pattern.compile(new WatchedService("app", "php8.2-fpm", "php-fpm", List.of()).commandLinePattern());
        assertThat(fpm.matcher("php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)").find()).isTrue();
        Pattern nginx = Pattern.compile(new WatchedService("frontend", "nginx", "nginx", List.of()).commandLinePattern());
        assertThat(nginx.matcher("nginx: master process /usr/sbin/nginx -g daemon on;").find()).isTrue();
        assertThat(nginx.matcher("/usr/sbin/nginx-debug").find()).isFalse();
    }

    @Test
    void aProcessCheckNamingAServiceTheRoleLacksIsAnErrorAtItsLine() throws IOException {
        write("web/role.yaml", """
                services:
                  - name: nginx
                health:
                  - {type: process, process: nginx, service: ngnix}
                """);
        assertThatThrownBy(() -> RoleCatalog.load(Optional.of(dir)))
                .hasMessageStartingWith(dir.resolve("web/role.yaml") + ":4:")
                .hasMessageContaining("service 'ngnix' is not among this role's services [nginx]");
        write("web/role.yaml", "services:\n  - name: nginx\nhealth:\n  - {type: tcp, port: 80, service: nginx}\n");
        assertThatThrownBy(() -> RoleCatalog.load(Optional.of(dir)))
                .hasMessageContaining("'service' belongs to process checks only");
    }

    @Test
    void aNamedServiceIsWatchedInARoleOfSeveral() throws IOException {
        write("web/role.yaml", """
                services:
                  - name: nginx
                  - name: varnish
                health:
                  - {type: tcp, port: 6081}
                  - {type: process, process: varnishd, service: varnish}
                """);
        RoleCatalog c = RoleCatalog.load(Optional.of(dir));
        assertThat(WatchedService.of(c.rolesFor(HostName.parse("web1.production.wpdn"))))
                .containsExactly(new WatchedService("web", "varnish", "varnishd", List.of(6081)));
    }

    /** Every host of the example platform gets a monitrc that Monit itself accepts ({@code monit -t}). */
    @Test
    void theRenderedMonitrcPassesMonitsOwnSyntaxCheck() throws Exception {
        Inventory inv = Platforms.example();
        try (LocalRemote sh = new LocalRemote("this-machine")) {
            for (Host h : inv.hosts()) {
                var base = catalog.role("base").orElseThrow();
                String text = new TemplateRenderer(catalog).render("base", "monitrc.peb", RenderModel.of(inv, h, catalog.names(),
                        base.vars(), Capability.LOCAL_HOST, WatchedService.of(catalog.rolesFor(h.name()))));
                Path rc = dir.resolve(h.shortName() + ".monitrc");
                Files.writeString(rc, text);
                Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
                ExecResult t = sh.exec(Command.of("monit -t -c " + rc));
                assertThat(t.exitCode()).as(h.shortName() + ":\n" + text + "\n" + t.stdout() + t.stderr()).isZero();
                for (WatchedService w : WatchedService.of(catalog.rolesFor(h.name()))) {
                    assertThat(text).contains("check process " + w.service() + " matching \"" + w.commandLinePattern() + "\"");
                }
            }
            Host memcache = inv.host("memcache1").orElseThrow();
            String text = new TemplateRenderer(catalog).render("base", "monitrc.peb", RenderModel.of(inv, memcache, catalog.names(),
                    catalog.role("base").orElseThrow().vars(), Capability.LOCAL_HOST, WatchedService.of(catalog.rolesFor(memcache.name()))));
            assertThat(text).contains("set daemon 30")
                    .contains("if failed host " + memcache.privateIp() + " port 11211 protocol memcache for 2 cycles then restart")
                    .contains("start program = \"/usr/sbin/service memcached start\"")
                    .contains("if 3 restarts within 5 cycles then unmonitor");
        }
    }

    private void write(String relative, String text) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
