package io.rolestack.role.plan;

import io.rolestack.core.events.Progress;
import io.rolestack.core.facts.HostFacts;
import io.rolestack.core.facts.PathFact;
import io.rolestack.core.facts.ServiceFact;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.ops.HostContext;
import io.rolestack.core.ops.TemplateFile;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.Status;
import io.rolestack.role.Platforms;
import io.rolestack.role.catalog.RoleCatalog;
import io.rolestack.role.ops.Capability;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Facts in, decisions out: what a plan does for recorded host states, without any host. */
class PlanDecisionTest {
    private static final RoleCatalog CATALOG = RoleCatalog.load(Optional.empty());
    private static final Planner PLANNER = new Planner(CATALOG);
    private static final String UPSTREAM = "/etc/nginx/conf.d/rolestack-app-upstream.conf";

    private static HostPlan plan(Inventory inv, String host, Set<String> caps) {
        return PLANNER.plan(inv, inv.host(host).orElseThrow(), caps);
    }

    private static List<Result> check(HostPlan plan, HostFacts facts, Set<String> caps, Map<String, String> contents) {
        HostContext ctx = new HostContext(plan.host().fqdn(), RecordedFacts.refusing(), false, facts, caps);
        Map<String, Optional<String>> c = new HashMap<>();
        contents.forEach((k, v) -> c.put(k, Optional.of(v)));
        ctx.currentContents(c);
        List<Result> out = new ArrayList<>(plan.skipped());
        HostRun.execute(plan, ctx, plan.factQuery(), Progress.NONE, out);
        return out;
    }

    private static List<Result> changed(List<Result> rs) {
        return rs.stream().filter(r -> r.status() != Status.OK).toList();
    }

    @Test
    void convergedHostHasNothingToDo() {
        Inventory inv = Platforms.example();
        for (Host h : inv.hosts()) {
            HostPlan p = plan(inv, h.shortName(), Capability.REAL_VM);
            List<Result> rs = check(p, RecordedFacts.convergedTo(p), Capability.REAL_VM, Map.of());
            assertThat(changed(rs)).as(h.shortName()).isEmpty();
            assertThat(rs).as(h.shortName()).hasSizeGreaterThan(8);
        }
    }

    @Test
    void addingAnAppHostRewritesOnlyTheFrontendUpstreamAndReloadsNginx() {
        Inventory before = Platforms.example();
        Inventory after = before.with(Platforms.host("app3", "10.20.0.99"));
        for (Host h : before.hosts()) {
            HostPlan old = plan(before, h.shortName(), Capability.REAL_VM);
            String oldUpstream = old.rest().stream().filter(o -> o instanceof TemplateFile f && f.path().equals(UPSTREAM))
                    .map(o -> ((TemplateFile) o).content()).findFirst().orElse("");
            List<Result> rs = check(plan(after, h.shortName(), Capability.REAL_VM), RecordedFacts.convergedTo(old),
                    Capability.REAL_VM, Map.of(UPSTREAM, oldUpstream));
            if (h.role().equals("frontend")) {
                assertThat(changed(rs)).extracting(Result::operation).containsExactly("file " + UPSTREAM, "service nginx");
                assertThat(changed(rs).get(0).diff()).contains("+    server 10.20.0.99:9000;")
                        .contains(" upstream app {").doesNotContain("-    server");
                assertThat(changed(rs).get(1).message()).isEqualTo("reloaded (" + UPSTREAM + " changed)");
            } else {
                assertThat(changed(rs)).as(h.shortName()).isEmpty();
            }
        }
    }

    @Test
    void freshHostInstallsConfiguresThenStarts() {
        Inventory inv = Platforms.example();
        HostPlan p = plan(inv, "frontend1", Capability.LOCAL_HOST);
        List<Result> rs = check(p, RecordedFacts.fresh(), Capability.LOCAL_HOST, Map.of());
        Map<String, Result> byOp = new HashMap<>();
        rs.forEach(r -> byOp.put(r.operation(), r));
        assertThat(byOp.get("package nginx").status()).isEqualTo(Status.CHANGED);
        assertThat(byOp.get("package chrony").message()).isEqualTo("install (role base)");
        assertThat(byOp.get("file " + UPSTREAM).message()).isEqualTo("created");
        assertThat(byOp.get("file " + UPSTREAM).diff()).startsWith("--- /dev/null\n+++ b" + UPSTREAM)
                .contains("+    server 10.20.0.14:9000;");
        // Started after its config is written, so no reload on top.
        assertThat(byOp.get("service nginx").message()).isEqualTo("enabled, started");
        assertThat(byOp.get("service ssh").status()).as("not managed, not running per facts").isEqualTo(Status.OK);
        assertThat(byOp.get("absent /etc/nginx/sites-enabled/default").status()).isEqualTo(Status.OK);
        assertThat(byOp.get("symlink /etc/nginx/sites-enabled/rolestack").status()).isEqualTo(Status.CHANGED);
        // Local hosts share the kernel: the drop-in is written, the value is not applied.
        assertThat(byOp.get("file /etc/sysctl.d/60-rolestack-base.conf").status()).isEqualTo(Status.CHANGED);
        assertThat(byOp.get("sysctl vm.panic_on_oom").status()).isEqualTo(Status.OK);
        assertThat(byOp.get("sysctl vm.panic_on_oom").message()).startsWith("skipped: host shares this machine's kernel");
        // Operations come in order: packages before files before services.
        List<String> order = rs.stream().map(Result::operation).toList();
        assertThat(order.indexOf("package nginx")).isLessThan(order.indexOf("file " + UPSTREAM));
        assertThat(order.indexOf("file " + UPSTREAM)).isLessThan(order.indexOf("service nginx"));
    }

    @Test
    void realVmGetsPanicOnOomApplied() {
        HostPlan p = plan(Platforms.example(), "app1", Capability.REAL_VM);
        List<Result> rs = check(p, RecordedFacts.fresh(), Capability.REAL_VM, Map.of());
        Result oom = rs.stream().filter(r -> r.operation().equals("sysctl vm.panic_on_oom")).findFirst().orElseThrow();
        assertThat(oom.status()).isEqualTo(Status.CHANGED);
        assertThat(oom.diff()).isEqualTo("-vm.panic_on_oom = 0\n+vm.panic_on_oom = 1\n");
    }

    @Test
    void changedContentShowsAUnifiedDiffAndOnlyModeChangesAreNotRewrites() {
        Inventory inv = Platforms.example();
        HostPlan p = plan(inv, "memcache1", Capability.REAL_VM);
        HostFacts converged = RecordedFacts.convergedTo(p);
        TemplateFile conf = (TemplateFile) p.rest().stream().filter(o -> o.name().equals("file /etc/memcached.conf"))
                .findFirst().orElseThrow();
        Map<String, PathFact> paths = new HashMap<>(converged.paths());
        paths.put(conf.path(), new PathFact(conf.path(), PathFact.Kind.FILE, "root", "root", 0644, Optional.of("00"), Optional.empty()));
        HostFacts edited = withPaths(converged, paths);
        List<Result> rs = check(p, edited, Capability.REAL_VM, Map.of(conf.path(), conf.content().replace("-m 64", "-m 1024")));
        assertThat(changed(rs)).extracting(Result::operation).containsExactly("file /etc/memcached.conf", "service memcached");
        assertThat(changed(rs).get(0).diff()).contains("--- a/etc/memcached.conf", "+++ b/etc/memcached.conf", "--m 1024", "+-m 64");
        assertThat(changed(rs).get(1).message()).startsWith("restarted (");

        paths.put(conf.path(), new PathFact(conf.path(), PathFact.Kind.FILE, "memcache", "root", 0600,
                Optional.of(conf.sha256()), Optional.empty()));
        rs = check(p, withPaths(converged, paths), Capability.REAL_VM, Map.of());
        assertThat(changed(rs)).extracting(Result::operation).containsExactly("file /etc/memcached.conf");
        assertThat(changed(rs).get(0).message()).isEqualTo("owner/mode memcache:root 0600 -> root:root 0644");
        assertThat(changed(rs).get(0).diff()).isEmpty();
    }

    @Test
    void stoppedServiceIsStartedNotReloaded() {
        HostPlan p = plan(Platforms.example(), "frontend1", Capability.REAL_VM);
        HostFacts converged = RecordedFacts.convergedTo(p);
        Map<String, ServiceFact> services = new HashMap<>(converged.services());
        services.put("nginx", new ServiceFact("nginx", true, false, true));
        HostFacts f = new HostFacts(false, converged.installed(), converged.paths(), converged.sysctl(), services,
                converged.users(), converged.groups(), converged.lines(), converged.unlessExit(), 60, "x");
        assertThat(changed(check(p, f, Capability.REAL_VM, Map.of()))).singleElement()
                .satisfies(r -> assertThat(r.message()).isEqualTo("started"));
    }

    @Test
    void guardsDecideWhetherCommandsRun() {
        HostPlan p = plan(Platforms.of("lamp1"), "lamp1", Capability.REAL_VM);
        HostFacts converged = RecordedFacts.convergedTo(p);
        assertThat(changed(check(p, converged, Capability.REAL_VM, Map.of()))).isEmpty();
        HostFacts guardFails = new HostFacts(false, converged.installed(), converged.paths(), converged.sysctl(),
                converged.services(), converged.users(), converged.groups(), converged.lines(),
                Map.of(converged.unlessExit().keySet().iterator().next(), 1), 60, "x");
        assertThat(changed(check(p, guardFails, Capability.REAL_VM, Map.of())))
                .extracting(Result::operation, Result::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("command apache mpm_prefork with php", "ran"),
                        org.assertj.core.groups.Tuple.tuple("service apache2", "restarted (command 'apache mpm_prefork with php' ran)"));
    }

    @Test
    void vendorRepositoryRolesAreSkippedWithAReasonWhereHostsCannotReachThem() {
        Inventory inv = Platforms.of("elastic1");
        HostPlan local = plan(inv, "elastic1", Capability.LOCAL_HOST);
        assertThat(local.skipped()).singleElement().satisfies(r -> {
            assertThat(r.operation()).isEqualTo("role elastic");
            assertThat(r.message()).isEqualTo("skipped: needs vendor-apt, which these hosts do not have");
        });
        assertThat(local.packages().wanted()).extracting(w -> w.name()).doesNotContain("elasticsearch");

        HostPlan real = plan(inv, "elastic1", Capability.REAL_VM);
        assertThat(real.skipped()).isEmpty();
        // The source and its key come before the packages.
        assertThat(real.aptConfig()).extracting(o -> o.name())
                .contains("file /etc/apt/sources.list.d/elastic-8.x.list", "command elastic apt key");
    }

    @Test
    void absentPackagesAreRemovedOnlyWhenInstalled(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir.resolve("web"));
        java.nio.file.Files.writeString(dir.resolve("web/role.yaml"), "packages: [nginx]\nabsent_packages: [apache2, lighttpd]\n");
        Planner planner = new Planner(RoleCatalog.load(Optional.of(dir)));
        Inventory inv = Platforms.of("web1");
        HostPlan p = planner.plan(inv, inv.host("web1").orElseThrow(), Capability.REAL_VM);
        HostFacts converged = RecordedFacts.convergedTo(p);
        assertThat(changed(check(p, converged, Capability.REAL_VM, Map.of()))).isEmpty();
        Map<String, String> installed = new HashMap<>(converged.installed());
        installed.put("apache2", "2.4");
        HostFacts withApache = new HostFacts(false, installed, converged.paths(), converged.sysctl(), converged.services(),
                converged.users(), converged.groups(), converged.lines(), converged.unlessExit(), 60, "x");
        assertThat(changed(check(p, withApache, Capability.REAL_VM, Map.of())))
                .extracting(Result::operation, Result::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("package apache2", "removed (role web)"));
    }

    @Test
    void checkModeCannotAct() {
        HostContext ctx = new HostContext("h", RecordedFacts.refusing(), false, RecordedFacts.fresh(), Set.of());
        assertThatThrownBy(() -> ctx.run("rm -rf /tmp/x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("check mode must not act");
    }

    private static HostFacts withPaths(HostFacts f, Map<String, PathFact> paths) {
        return new HostFacts(f.systemd(), f.installed(), paths, f.sysctl(), f.services(), f.users(), f.groups(), f.lines(),
                f.unlessExit(), f.aptListsAge(), f.bootId());
    }
}
