package io.rolestack.role.plan;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.RemoteException;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.Status;
import io.rolestack.role.Platforms;
import io.rolestack.role.catalog.RoleCatalog;
import io.rolestack.role.ops.Capability;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole engine (plan, facts over a real shell, files written through
 * Remote.upload, commands, guards, parallel hosts) on this machine, with roles
 * whose every path is inside a temporary directory. The bundled base role is
 * overridden by an empty one so nothing outside that directory is touched.
 */
class RoleDeployOnLocalMachineIT {
    @TempDir
    Path roles;
    @TempDir
    Path root;

    private final List<String> contacted = Collections.synchronizedList(new ArrayList<>());
    private final Function<Host, Remote> connector = h -> {
        contacted.add(h.shortName());
        if (h.shortName().equals("down1")) throw new RemoteException(h.shortName(), "connection refused");
        return new LocalRemote(h.shortName());
    };

    @BeforeEach
    void roles() throws IOException {
        write("base/role.yaml", "description: nothing on this machine\n");
        write("alpha/role.yaml", """
                reads: [beta]
                packages: [dpkg]
                directories:
                  - {path: "%1$s/alpha/etc", mode: "0750"}
                files:
                  - template: app.conf.peb
                    dest: "%1$s/alpha/etc/app.conf"
                    mode: "0640"
                  - {template: secret.peb, dest: "%1$s/alpha/etc/secret.conf", mode: "0600", secret: true}
                symlinks:
                  - {path: "%1$s/alpha/current", target: "%1$s/alpha/etc"}
                lines:
                  - {path: "%1$s/alpha/etc/settings", line: "LEVEL=3", match: "^LEVEL="}
                  - {path: "%1$s/alpha/etc/settings", line: "EXTRA=it's \\\\ literal"}
                remove:
                  - "%1$s/alpha/etc/stale"
                commands:
                  - name: seed
                    run: "echo seeded > %1$s/alpha/seeded"
                    creates: "%1$s/alpha/seeded"
                  - name: counter
                    run: "echo x >> %1$s/alpha/counter"
                    unless: "[ -s %1$s/alpha/counter ]"
                """.formatted(root));
        write("alpha/templates/app.conf.peb", "# {{ host.name }} in {{ env }}\n{% for ip in pools.beta.privateIps %}"
                + "peer {{ ip }}\n{% endfor %}");
        write("alpha/templates/secret.peb", "password=hunter2-{{ host.name }}\n");
        write("beta/role.yaml", """
                files:
                  - {template: b.peb, dest: "%1$s/beta/b.conf"}
                """.formatted(root));
        // Same content on every beta host: they share this machine's file system.
        write("beta/templates/b.peb", "beta pool of {{ pools.beta.size }}\n");
        write("broken/role.yaml", "files:\n  - {template: x.peb, dest: \"" + root + "/broken/x\"}\n");
        write("broken/templates/x.peb", "fine\n{{ pools.nosuch.privateIps }}\n");
        Files.createDirectories(root.resolve("alpha/etc"));
        Files.writeString(root.resolve("alpha/etc/settings"), "NAME=a\nLEVEL=1\n");
        Files.writeString(root.resolve("alpha/etc/stale"), "old\n");
    }

    private RoleDeployer deployer() {
        return new RoleDeployer(RoleCatalog.load(Optional.of(roles)));
    }

    private static DeployOptions options() {
        return DeployOptions.forLocalHosts();
    }

    @Test
    void applyConvergesThenReappliesWithNoChange() throws IOException {
        Inventory inv = Platforms.of("alpha1", "beta1", "beta2");
        DeployReport plan = deployer().plan(inv, connector, options());
        assertThat(plan.summary().anyFailed()).as(plan.summary().toString()).isFalse();
        assertThat(plan.summary().count(Status.CHANGED)).isGreaterThan(5);
        assertThat(root.resolve("alpha/etc/app.conf")).as("plan does not act").doesNotExist();

        DeployReport first = deployer().apply(inv, connector, options());
        assertThat(first.summary().anyFailed()).as(first.summary().toString()).isFalse();
        assertThat(first.summary().count(Status.CHANGED)).isEqualTo(plan.summary().count(Status.CHANGED));
        assertThat(Files.readString(root.resolve("alpha/etc/app.conf")))
                .isEqualTo("# alpha1 in production\npeer 10.20.0.12\npeer 10.20.0.13\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("alpha/etc/app.conf"))))
                .isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("alpha/etc"))))
                .isEqualTo("rwxr-x---");
        assertThat(Files.readSymbolicLink(root.resolve("alpha/current"))).isEqualTo(root.resolve("alpha/etc"));
        assertThat(Files.readString(root.resolve("alpha/etc/settings"))).isEqualTo("NAME=a\nLEVEL=3\nEXTRA=it's \\ literal\n");
        assertThat(root.resolve("alpha/etc/stale")).doesNotExist();
        assertThat(Files.readString(root.resolve("alpha/counter"))).isEqualTo("x\n");
        assertThat(Files.readString(root.resolve("beta/b.conf"))).isEqualTo("beta pool of 2\n");
        assertThat(first.host("alpha1").orElseThrow().results()).filteredOn(r -> r.operation().equals("package dpkg"))
                .singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(Status.OK));

        assertThat(Files.readString(root.resolve("alpha/etc/secret.conf"))).isEqualTo("password=hunter2-alpha1\n");
        assertThat(first.summary().results()).filteredOn(r -> r.operation().endsWith("secret.conf")).singleElement()
                .satisfies(r -> assertThat(r.diff()).isEqualTo("(secret: content not shown)\n"));
        assertThat(first.summary().results()).noneMatch(r -> (r.message() + r.diff()).contains("hunter2"));

        DeployReport second = deployer().apply(inv, connector, options());
        assertThat(second.summary().count(Status.CHANGED)).as(changes(second)).isZero();
        assertThat(second.summary().anyFailed()).isFalse();
        assertThat(Files.readString(root.resolve("alpha/counter"))).as("guarded command ran once").isEqualTo("x\n");
    }

    @Test
    void handEditIsShownAsADiffAndPutBack() throws IOException {
        Inventory inv = Platforms.of("alpha1", "beta1");
        deployer().apply(inv, connector, options());
        Path conf = root.resolve("alpha/etc/app.conf");
        Files.writeString(conf, "# alpha1 in production\npeer 10.9.9.9\n");

        DeployReport plan = deployer().plan(inv, connector, options());
        assertThat(plan.summary().results()).filteredOn(Result::changed).singleElement().satisfies(r -> {
            assertThat(r.operation()).isEqualTo("file " + conf);
            assertThat(r.diff()).contains("-peer 10.9.9.9", "+peer 10.20.0.12", " # alpha1 in production");
        });
        assertThat(Files.readString(conf)).contains("10.9.9.9");

        deployer().apply(inv, connector, options());
        assertThat(Files.readString(conf)).isEqualTo("# alpha1 in production\npeer 10.20.0.12\n");
    }

    @Test
    void addingABetaHostChangesOnlyTheFileThatReadsThePool() throws IOException {
        deployer().apply(Platforms.of("alpha1", "beta1"), connector, options());
        DeployReport r = deployer().apply(Platforms.of("alpha1", "beta1", "beta2"), connector,
                options().withLimit(Limit.parse("alpha1")));
        assertThat(r.hosts()).extracting(HostReport::host).containsExactly("alpha1.production.wpdn");
        assertThat(r.summary().results()).filteredOn(Result::changed).extracting(Result::operation)
                .containsExactly("file " + root.resolve("alpha/etc/app.conf"));
        assertThat(Files.readString(root.resolve("alpha/etc/app.conf"))).endsWith("peer 10.20.0.12\npeer 10.20.0.13\n");
    }

    @Test
    void oneBadHostDoesNotStopTheOthers() {
        Inventory inv = new Inventory(List.of(Platforms.host("alpha1", "10.20.0.11"), Platforms.host("beta1", "10.20.0.12"),
                Platforms.host("gamma1", "10.20.0.13"), Platforms.host("broken1", "10.20.0.14"),
                Platforms.host("beta2", "10.20.0.15"), Platforms.host("down1", "10.20.0.16")));
        // down1 has an unknown role too, but the connector fails first only if it is contacted: it must not be.
        DeployReport r = deployer().apply(inv, connector, options().withParallelism(3));

        assertThat(r.host("gamma1").orElseThrow().failed()).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("gamma1.production.wpdn: no role 'gamma'"));
        assertThat(r.host("broken1").orElseThrow().failed()).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith(roles.resolve("broken/templates/x.peb") + ":2: role 'broken'"));
        assertThat(contacted).doesNotContain("gamma1", "broken1", "down1");
        assertThat(r.host("alpha1").orElseThrow().status()).isEqualTo(Status.CHANGED);
        assertThat(r.host("beta2").orElseThrow().status()).isEqualTo(Status.CHANGED);
        assertThat(r.summary().exitCode()).isEqualTo(1);
    }

    @Test
    void unreachableHostFailsAlone() throws IOException {
        write("down/role.yaml", "description: a host that cannot be reached\n");
        Inventory inv = Platforms.of("alpha1", "down1", "beta1");
        DeployReport r = deployer().apply(inv, connector, options());
        assertThat(r.host("down1").orElseThrow().failed()).singleElement()
                .satisfies(f -> assertThat(f.message()).isEqualTo("down1: connection refused"));
        assertThat(r.host("alpha1").orElseThrow().failed()).isEmpty();
        assertThat(r.host("beta1").orElseThrow().failed()).isEmpty();
    }

    @Test
    void kernelValuesAreNeverAppliedOnThisMachine() throws IOException {
        // Even when the caller wrongly says the hosts have their own kernel: the host's boot id is ours.
        String now = Files.readString(Path.of("/proc/sys/vm/panic_on_oom")).trim();
        String other = now.equals("1") ? "0" : "1";
        write("base/role.yaml", "sysctl: {vm.panic_on_oom: " + other + "}\n");
        write("panic/role.yaml", "description: x\n");
        DeployReport r = deployer().plan(Platforms.of("panic1"), connector,
                new DeployOptions(Limit.all(), 1, Capability.REAL_VM, null));
        assertThat(r.summary().results()).filteredOn(x -> x.operation().equals("sysctl vm.panic_on_oom")).singleElement()
                .satisfies(x -> {
                    assertThat(x.status()).isEqualTo(Status.OK);
                    assertThat(x.message()).startsWith("skipped: host shares this machine's kernel (now " + now);
                });
    }

    private static String changes(DeployReport r) {
        return r.summary().results().stream().filter(Result::changed).map(x -> x.host() + " " + x.operation() + ": " + x.message())
                .toList().toString();
    }

    private void write(String relative, String text) throws IOException {
        Path p = roles.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
