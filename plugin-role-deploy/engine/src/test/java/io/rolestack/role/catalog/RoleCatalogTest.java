package io.rolestack.role.catalog;

import io.rolestack.core.naming.HostName;
import io.rolestack.core.net.Port;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoleCatalogTest {
    @TempDir
    Path dir;

    private static RoleCatalog bundled() {
        return RoleCatalog.load(Optional.empty());
    }

    private static HostName name(String s) {
        return HostName.parse(s + ".production.wpdn");
    }

    @Test
    void bundledCatalogHasEveryRole() {
        assertThat(bundled().names()).containsExactlyInAnyOrder("base", "jump", "frontend", "app", "lamp", "node",
                "python", "memcache", "redis", "db", "elastic", "backup");
    }

    @Test
    void everyHostGetsBaseFirstThenItsRole() {
        RoleCatalog c = bundled();
        assertThat(c.rolesFor(name("frontend1"))).extracting(Role::name).containsExactly("base", "frontend");
        assertThat(c.rolesFor(name("masterdb1"))).extracting(Role::name).containsExactly("base", "db");
        assertThat(c.rolesFor(name("db2"))).extracting(Role::name).containsExactly("base", "db");
        // A qualifier that is a role adds it; one that is not only names the pool.
        assertThat(c.rolesFor(name("app-memcache1"))).extracting(Role::name).containsExactly("base", "app", "memcache");
        assertThat(c.rolesFor(name("redis-sessions1"))).extracting(Role::name).containsExactly("base", "redis");
    }

    @Test
    void unknownRoleNamesHostAndRole() {
        assertThatThrownBy(() -> bundled().rolesFor(name("cache1")))
                .isInstanceOf(UnknownRoleException.class)
                .hasMessageContaining("cache1.production.wpdn")
                .hasMessageContaining("no role 'cache'");
    }

    @Test
    void explainListsPackagesPortsAndChecks() {
        HostExplanation e = bundled().explain(name("frontend1"));
        assertThat(e.roles()).containsExactly("base", "frontend");
        assertThat(e.packages()).contains("nginx", "chrony", "unattended-upgrades", "monit");
        assertThat(e.ports()).containsExactly(Port.tcp(22), Port.tcp(80));
        assertThat(e.checks()).extracting(Object::toString).contains("http 80/rolestack-health.php -> 200 containing 'ok app='", "tcp 22/tcp");
        assertThat(e.services()).contains("nginx", "chrony", "monit");
        assertThat(e.poolsRead()).containsExactly("app");

        HostExplanation app = bundled().explain(name("app1"));
        assertThat(app.packages()).contains("php8.2-fpm", "php8.2-mysql", "php8.2-memcached");
        assertThat(app.files()).contains("/etc/php/8.2/fpm/pool.d/www.conf");
        assertThat(app.ports()).contains(Port.tcp(9000));
    }

    @Test
    void baseSetsPanicOnOom() {
        Role base = bundled().role("base").orElseThrow();
        assertThat(base.sysctl()).containsEntry("vm.panic_on_oom", "1").containsEntry("kernel.panic", "10");
    }

    @Test
    void varsFileOverridesRoleVars() throws IOException {
        write("app/vars.yaml", "php_version: \"8.3\"\n");
        RoleCatalog c = RoleCatalog.load(Optional.of(dir));
        Role app = c.role("app").orElseThrow();
        assertThat(app.packages()).containsExactly("php8.3-fpm", "php8.3-mysql", "php8.3-memcached", "php8.3-intl", "php8.3-mbstring", "php8.3-xml");
        assertThat(app.serviceNames()).containsExactly("php8.3-fpm");
        assertThat(app.files()).extracting(Role.FileSpec::dest).contains("/etc/php/8.3/fpm/pool.d/www.conf");
    }

    @Test
    void specVarsReplaceRoleVarsAndTyposAreErrors() {
        RoleCatalog c = RoleCatalog.load(Optional.empty(), Map.of("app", Map.of("php_version", "8.3", "php_memory_limit", "256M")));
        assertThat(c.role("app").orElseThrow().packages()).containsExactly("php8.3-fpm", "php8.3-mysql", "php8.3-memcached", "php8.3-intl", "php8.3-mbstring", "php8.3-xml");
        assertThat(c.role("app").orElseThrow().vars()).containsEntry("php_memory_limit", "256M");
        assertThatThrownBy(() -> RoleCatalog.load(Optional.empty(), Map.of("app", Map.of("php_memroy_limit", "1G"))))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("spec roles.app.vars.php_memroy_limit: role 'app' has no var 'php_memroy_limit'");
        assertThatThrownBy(() -> RoleCatalog.load(Optional.empty(), Map.of("cache", Map.of("x", "1"))))
                .hasMessageStartingWith("spec roles.cache: no role 'cache' in the catalog");
    }

    @Test
    void overrideDirAddsRolesAndReplacesTemplates() throws IOException {
        write("cache/role.yaml", "packages: [varnish]\nports: [6081/tcp]\n");
        write("frontend/templates/site.conf.peb", "# ours\n");
        RoleCatalog c = RoleCatalog.load(Optional.of(dir));
        assertThat(c.rolesFor(name("cache1"))).extracting(Role::name).containsExactly("base", "cache");
        assertThat(c.template("frontend", "site.conf.peb").orElseThrow().text()).isEqualTo("# ours\n");
        assertThat(c.template("frontend", "app-upstream.conf.peb").orElseThrow().source())
                .isEqualTo("roles/frontend/templates/app-upstream.conf.peb");
    }

    @Test
    void unknownKeyIsReportedWithFileAndLine() throws IOException {
        write("web/role.yaml", "description: x\n\npakages: [nginx]\n");
        assertThatThrownBy(() -> RoleCatalog.load(Optional.of(dir)))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith(dir.resolve("web/role.yaml") + ":3: unknown key 'pakages'");
    }

    @Test
    void brokenYamlIsReportedWithFileAndLine() throws IOException {
        write("web/role.yaml", "packages: [nginx\nfiles: x\n");
        assertThatThrownBy(() -> RoleCatalog.load(Optional.of(dir)))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining(dir.resolve("web/role.yaml") + ":")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void notifyOfUndeclaredServiceIsAnError() throws IOException {
        write("web/role.yaml", """
                packages: [nginx]
                files:
                  - template: a.peb
                    dest: /etc/a
                    notify: [ngnix]
                services:
                  - name: nginx
                """);
        write("web/templates/a.peb", "a\n");
        assertThatThrownBy(() -> RoleCatalog.load(Optional.of(dir)))
                .hasMessageStartingWith(dir.resolve("web/role.yaml") + ":5: notify names service 'ngnix'");
    }

    @Test
    void missingTemplateNamesTheFileEntry() throws IOException {
        write("web/role.yaml", "packages: [nginx]\nfiles:\n  - template: nope.peb\n    dest: /etc/nope\n");
        assertThatThrownBy(() -> RoleCatalog.load(Optional.of(dir)))
                .hasMessageStartingWith(dir.resolve("web/role.yaml") + ":3: template 'nope.peb' not found in roles/web/templates/");
    }

    @Test
    void unknownVarAndBadValuesAreReportedAtTheirLine() throws IOException {
        write("web/role.yaml", "vars: {v: 1}\npackages: [\"nginx${w}\"]\n");
        assertThatThrownBy(() -> RoleCatalog.load(Optional.of(dir)))
                .hasMessageStartingWith(dir.resolve("web/role.yaml") + ":2: ${w} is not a var of role 'web'");

        write("web/role.yaml", "directories:\n  - {path: /srv/x, mode: 755x}\n");
        assertThatThrownBy(() -> RoleCatalog.load(Optional.of(dir)))
                .hasMessageStartingWith(dir.resolve("web/role.yaml") + ":2: mode must be octal");

        write("web/role.yaml", "packages: [\"nginx; rm -rf /\"]\n");
        assertThatThrownBy(() -> RoleCatalog.load(Optional.of(dir)))
                .hasMessageContaining("is not a Debian package name");

        write("web/role.yaml", "ports: [80/sctp]\n");
        assertThatThrownBy(() -> RoleCatalog.load(Optional.of(dir)))
                .hasMessageStartingWith(dir.resolve("web/role.yaml") + ":1: not a port");
    }

    @Test
    void theSpecReplacesARolesHealthChecksCheckedAtItsLines() throws IOException {
        write("platform.yaml", """
                environment: production
                roles:
                  memcache:
                    vars: {port: 11311}
                    health:
                      - {type: tcp, port: "${port}"}
                      - {type: http, port: 8080, path: /stats, expect: 204}
                """);
        Path spec = dir.resolve("platform.yaml");
        RoleCatalog c = RoleCatalog.load(Optional.empty(), Map.of("memcache", Map.of("port", 11311)), Optional.of(spec));
        assertThat(c.role("memcache").orElseThrow().health()).extracting(Object::toString)
                .containsExactly("tcp 11311/tcp", "http 8080/stats -> 204");
        assertThat(c.role("app").orElseThrow().health()).as("other roles keep theirs").isNotEmpty();

        write("platform.yaml", "roles:\n  memcache:\n    health:\n      - {type: udp, port: 1}\n");
        assertThatThrownBy(() -> RoleCatalog.load(Optional.empty(), Map.of(), Optional.of(spec)))
                .hasMessageStartingWith(spec + ":4: health check type must be tcp, http or process, got 'udp'");
        write("platform.yaml", "roles:\n  memcache:\n    health:\n      - {type: process, process: memcached, service: nginx}\n");
        assertThatThrownBy(() -> RoleCatalog.load(Optional.empty(), Map.of(), Optional.of(spec)))
                .hasMessageStartingWith(spec + ":4:").hasMessageContaining("service 'nginx' is not among this role's services [memcached]");
        write("platform.yaml", "roles:\n  memcach:\n    health: []\n");
        assertThatThrownBy(() -> RoleCatalog.load(Optional.empty(), Map.of(), Optional.of(spec)))
                .hasMessageStartingWith(spec + ":3: no role 'memcach' in the catalog");
    }

    private void write(String relative, String text) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
