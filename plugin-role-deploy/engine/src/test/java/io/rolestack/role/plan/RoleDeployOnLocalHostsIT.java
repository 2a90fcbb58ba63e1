package io.rolestack.role.plan;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.Status;
import io.rolestack.core.testing.StepChain;
import io.rolestack.role.catalog.RoleCatalog;
import io.rolestack.vm.local.testing.LocalHosts;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled roles applied for real to local Debian hosts behind a jump host,
 * over SSH (sshj, through the jump host, host keys pinned): packages installed,
 * services running, HTTP through the jump host to the frontend reaching the app
 * pool; a second apply changes nothing; adding app3 changes only the frontend's
 * upstream and reloads nginx.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepChain.class) // a failed step aborts the later ones, naming itself: no cascade of unrelated failures
class RoleDeployOnLocalHostsIT {
    @RegisterExtension
    static LocalHosts hosts = LocalHosts.of("jump", "frontend1", "app1", "app2", "app3", "memcache1", "masterdb1");

    private static final RoleDeployer DEPLOYER = new RoleDeployer(RoleCatalog.load(Optional.empty()));
    private static final Progress LOG = (host, message) -> System.out.println("[role deploy] " + host + ": " + message);

    /** The platform without app3: app3 is "added" later by putting it in the inventory. */
    private static Inventory withoutApp3() {
        return new Inventory(hosts.inventory().hosts().stream().filter(h -> !h.shortName().equals("app3")).toList());
    }

    private static DeployOptions options() {
        return DeployOptions.forLocalHosts().withProgress(LOG);
    }

    private static List<String> failures(DeployReport r) {
        return r.summary().results().stream().filter(Result::failed).map(x -> x.host() + " " + x.operation() + ": " + x.message()).toList();
    }

    private static List<String> changes(DeployReport r) {
        return r.summary().results().stream().filter(Result::changed).map(x -> x.host() + " " + x.operation() + ": " + x.message()).toList();
    }

    /**
     * Names of the app hosts that answered {@code n} requests made from the jump host to the frontend.
     * The page answers 500 here (no app DB account and client files: the MariaDB engine writes those),
     * but names the app host either way ({@code app=<host>}).
     */
    private static Set<String> appHostsAnsweringThroughFrontend(int n) {
        String url = "http://" + hosts.host("frontend1").privateIp() + "/rolestack-health.php";
        String py = "import re, urllib.request, urllib.error\nfor i in range(" + n + "):\n"
                + "    try:\n        b = urllib.request.urlopen('" + url + "', timeout=5).read()\n"
                + "    except urllib.error.HTTPError as e:\n        b = e.read()\n"
                + "    print(re.search(r'app=([^\\s:;]+)', b.decode()).group(1))\n";
        String out = hosts.exec("jump", "python3 -c \"$(printf '%s' " + io.rolestack.core.remote.Shell.quote(py) + ")\"").stdout();
        return out.lines().map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    @Order(1)
    void firstApplyInstallsAndStartsEveryRole() {
        DeployReport r = DEPLOYER.apply(withoutApp3(), hosts.access(), options());
        System.out.println("[role deploy] first apply took " + r.took().toMillis() + " ms");
        assertThat(failures(r)).isEmpty();
        assertThat(r.summary().count(Status.CHANGED)).isGreaterThan(30);

        assertThat(hosts.exec("frontend1", "dpkg-query -W -f='${Status}' nginx").stdout()).isEqualTo("install ok installed");
        assertThat(hosts.exec("app1", "dpkg-query -W -f='${Status}' php8.2-fpm").stdout()).isEqualTo("install ok installed");
        assertThat(hosts.exec("memcache1", "dpkg-query -W -f='${Status}' memcached").stdout()).isEqualTo("install ok installed");
        assertThat(hosts.exec("masterdb1", "dpkg-query -W -f='${Status}' mariadb-server").stdout()).isEqualTo("install ok installed");
        assertThat(hosts.exec("frontend1", "dpkg-query -W mariadb-server memcached php8.2-fpm 2>/dev/null | wc -l").stdout().strip())
                .as("roles only where they belong").isEqualTo("0");
        assertThat(hosts.exec("memcache1", "service memcached status").ok()).isTrue();
        assertThat(hosts.exec("masterdb1", "service mariadb status").ok()).isTrue();
        // On its private address, for the app hosts (not only localhost, as Debian's 50-server.cnf would have it).
        assertThat(hosts.exec("jump", "timeout 3 bash -c 'exec 3<>/dev/tcp/" + hosts.host("masterdb1").privateIp()
                + "/3306' && echo open").stdout().strip()).isEqualTo("open");
        assertThat(hosts.exec("memcache1", "cat /etc/memcached.conf").stdout()).contains("-l " + hosts.host("memcache1").privateIp());

        assertThat(appHostsAnsweringThroughFrontend(8)).containsExactly("app1", "app2");
    }

    @Test
    @Order(2)
    void secondApplyChangesNothing() {
        DeployReport r = DEPLOYER.apply(withoutApp3(), hosts.access(), options());
        System.out.println("[role deploy] no-op re-apply of " + r.hosts().size() + " hosts took " + r.took().toMillis() + " ms");
        assertThat(failures(r)).isEmpty();
        assertThat(changes(r)).isEmpty();
    }

    @Test
    @Order(3)
    void addingApp3ChangesOnlyTheFrontendUpstreamAndReloadsNginx() {
        Inventory all = hosts.inventory();
        DeployReport plan = DEPLOYER.plan(all, hosts.access(), options().withLimit(
                new Limit(Set.copyOf(withoutApp3().hosts().stream().map(Host::shortName).toList()))));
        assertThat(failures(plan)).isEmpty();
        assertThat(changes(plan)).containsExactly(
                hosts.host("frontend1").fqdn() + " file /etc/nginx/conf.d/rolestack-app-upstream.conf: content changed",
                hosts.host("frontend1").fqdn() + " service nginx: reloaded (/etc/nginx/conf.d/rolestack-app-upstream.conf changed)");
        assertThat(plan.summary().results()).filteredOn(Result::changed).first()
                .satisfies(x -> assertThat(x.diff()).contains("+    server " + hosts.host("app3").privateIp() + ":9000;"));

        DeployReport r = DEPLOYER.apply(all, hosts.access(), options());
        assertThat(failures(r)).isEmpty();
        assertThat(r.summary().results()).filteredOn(Result::changed)
                .filteredOn(x -> !x.host().equals(hosts.host("app3").fqdn()))
                .extracting(Result::operation)
                .containsExactly("file /etc/nginx/conf.d/rolestack-app-upstream.conf", "service nginx");
        assertThat(appHostsAnsweringThroughFrontend(12)).containsExactly("app1", "app2", "app3");
    }

    /** The memcache role replaced by {@code yaml} in an override directory; returns the role file. */
    private static java.nio.file.Path overrideMemcache(java.nio.file.Path roles, String yaml) throws java.io.IOException {
        java.nio.file.Path file = roles.resolve("memcache/role.yaml");
        java.nio.file.Files.createDirectories(file.getParent());
        return java.nio.file.Files.writeString(file, yaml);
    }

    private static RoleDeployer deployer(java.nio.file.Path roles) {
        return new RoleDeployer(RoleCatalog.load(Optional.of(roles)));
    }

    @Test
    @Order(4)
    void unknownPackageFailsItsHostNamingRoleAndFileWhileOthersGoOn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path roles)
            throws java.io.IOException {
        java.nio.file.Path yaml = overrideMemcache(roles, "packages: [memcached, rolestack-no-such-package]\n");
        DeployReport r = deployer(roles).apply(hosts.inventory(), hosts.access(), options().withLimit(Limit.parse("memcache1,app1")));
        assertThat(r.host("memcache1").orElseThrow().failed()).first().satisfies(f -> {
            assertThat(f.operation()).isEqualTo("package rolestack-no-such-package");
            assertThat(f.message()).isEqualTo("package 'rolestack-no-such-package' does not exist in the apt sources of "
                    + hosts.host("memcache1").fqdn() + " (asked for by role 'memcache' in " + yaml + ")");
        });
        assertThat(r.host("app1").orElseThrow().failed()).isEmpty();
        assertThat(r.host("app1").orElseThrow().changed()).isEmpty();
    }

    @Test
    @Order(5)
    void usersAndGroupsAreCreatedThenLeftAlone(@org.junit.jupiter.api.io.TempDir java.nio.file.Path roles)
            throws java.io.IOException {
        // The memcache role, overridden: a group, a user in it and in www-data, a directory they own.
        java.nio.file.Path yaml = overrideMemcache(roles, """
                groups:
                  - {name: rsdeploy, system: true}
                users:
                  - {name: rsdeploy, system: true, home: /srv/rsdeploy, shell: /usr/sbin/nologin, groups: [rsdeploy]}
                directories:
                  - {path: /srv/rsdeploy, owner: rsdeploy, group: rsdeploy, mode: "0750"}
                """);
        DeployReport first = deployer(roles).apply(hosts.inventory(), hosts.access(), options().withLimit(Limit.parse("memcache1")));
        assertThat(first.summary().anyFailed()).as(first.summary().toString()).isFalse();
        assertThat(first.host("memcache1").orElseThrow().changed()).extracting(Result::operation)
                .contains("group rsdeploy", "user rsdeploy", "directory /srv/rsdeploy");
        assertThat(hosts.exec("memcache1", "id -nG rsdeploy; stat -c '%U:%G %a' /srv/rsdeploy").stdout())
                .isEqualTo("rsdeploy\nrsdeploy:rsdeploy 750\n");

        // A group added to the role: the existing user joins it, nothing else changes.
        java.nio.file.Files.writeString(yaml, java.nio.file.Files.readString(yaml).replace("groups: [rsdeploy]", "groups: [rsdeploy, www-data]"));
        DeployReport second = deployer(roles).apply(hosts.inventory(), hosts.access(), options().withLimit(Limit.parse("memcache1")));
        assertThat(second.host("memcache1").orElseThrow().changed()).singleElement().satisfies(c -> {
            assertThat(c.operation()).isEqualTo("user rsdeploy");
            assertThat(c.message()).isEqualTo("added to www-data");
        });
        assertThat(hosts.exec("memcache1", "id -nG rsdeploy").stdout().strip()).isEqualTo("rsdeploy www-data");
        DeployReport third = deployer(roles).apply(hosts.inventory(), hosts.access(), options().withLimit(Limit.parse("memcache1")));
        assertThat(third.host("memcache1").orElseThrow().changed()).isEmpty();
    }
}
