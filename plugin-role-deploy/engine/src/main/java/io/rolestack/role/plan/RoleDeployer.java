package io.rolestack.role.plan;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.Fanout;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.result.Result;
import io.rolestack.role.catalog.HostExplanation;
import io.rolestack.role.catalog.RoleCatalog;
import io.rolestack.role.catalog.UnknownRoleException;
import io.rolestack.role.render.TemplateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The role deploy engine's facade: {@link #plan} shows what {@link #apply}
 * would change (same code, acting off), per host, with diffs.
 *
 * <p>Every host's plan is built first (roles resolved, templates rendered with
 * the pools); a host whose plan cannot be built fails with the reason (role,
 * template file, line) and is not contacted, the others go on. Then hosts run
 * in parallel, {@code parallelism} at a time, each over its own session opened
 * by {@code connector} and closed after; a failed host does not stop the others.
 *
 * <pre>
 * RoleDeployer d = new RoleDeployer(RoleCatalog.load(Optional.of(repo.resolve("roles"))));
 * DeployReport r = d.apply(inventory, sessions::open, DeployOptions.forLocalHosts().withLimit(Limit.parse("frontend")));
 * System.exit(r.summary().exitCode());
 * </pre>
 */
public final class RoleDeployer {
    private final RoleCatalog catalog;
    private final Planner planner;

    public RoleDeployer(RoleCatalog catalog) {
        this.catalog = catalog;
        this.planner = new Planner(catalog);
    }

    public RoleCatalog catalog() {
        return catalog;
    }

    /** What apply would change; never changes a host (reads facts and, for diffs, current file contents). */
    public DeployReport plan(Inventory inventory, Function<Host, Remote> connector, DeployOptions options) {
        return run(inventory, connector, options, false);
    }

    public DeployReport plan(Inventory inventory, Function<Host, Remote> connector) {
        return plan(inventory, connector, DeployOptions.forRealVms());
    }

    /** Brings the hosts to what their roles declare, changing only what differs. */
    public DeployReport apply(Inventory inventory, Function<Host, Remote> connector, DeployOptions options) {
        return run(inventory, connector, options, true);
    }

    public DeployReport apply(Inventory inventory, Function<Host, Remote> connector) {
        return apply(inventory, connector, DeployOptions.forRealVms());
    }

    /** Roles, packages, services, files, ports and health checks a host would get. */
    public HostExplanation explain(HostName host) {
        return catalog.explain(host);
    }

    /** Plans without contacting any host: unknown roles and template errors per host. */
    public Map<String, Result> check(Inventory inventory, DeployOptions options) {
        Map<String, Result> out = new LinkedHashMap<>();
        for (Host h : selected(inventory, options.limit())) {
            try {
                planner.plan(inventory, h, options.capabilities());
                out.put(h.fqdn(), Result.ok(h.fqdn(), "plan", "renders"));
            } catch (UnknownRoleException | TemplateException e) {
                out.put(h.fqdn(), Result.failed(h.fqdn(), "plan", e.getMessage()));
            }
        }
        return out;
    }

    private List<Host> selected(Inventory inventory, Limit limit) {
        List<Host> out = new ArrayList<>();
        for (Host h : inventory.hosts()) {
            List<String> roles;
            try {
                roles = catalog.rolesFor(h.name()).stream().map(io.rolestack.role.catalog.Role::name).toList();
            } catch (UnknownRoleException e) {
                roles = h.name().roles();
            }
            if (limit.matches(h, roles)) out.add(h);
        }
        return out;
    }

    private DeployReport run(Inventory inventory, Function<Host, Remote> connector, DeployOptions options, boolean act) {
        long start = System.nanoTime();
        List<Host> hosts = selected(inventory, options.limit());
        if (hosts.isEmpty() && !options.limit().isAll()) {
            // A typo in --limit must not look like a successful run on nothing.
            throw new IllegalArgumentException("limit " + String.join(",", options.limit().names())
                    + " matches no host (hosts: " + inventory.hosts().stream().map(Host::shortName).toList() + ")");
        }
        String localBootId = localBootId();
        List<HostReport> reports = Fanout.run(hosts, options.parallelism(),
                h -> runHost(inventory, h, connector, options, act, localBootId),
                (h, e) -> new HostReport(h.fqdn(), List.of(), List.of(Result.failed(h.fqdn(), "host", e.getMessage())),
                        Duration.ZERO));
        return new DeployReport(act, reports, Duration.ofNanos(System.nanoTime() - start));
    }

    private HostReport runHost(Inventory inventory, Host host, Function<Host, Remote> connector, DeployOptions options,
                               boolean act, String localBootId) {
        long start = System.nanoTime();
        String name = host.fqdn();
        HostPlan plan;
        try {
            plan = planner.plan(inventory, host, options.capabilities());
        } catch (UnknownRoleException | TemplateException e) {
            Result r = Result.failed(name, "plan", e.getMessage());
            options.progress().result(r);
            return new HostReport(name, List.of(), List.of(r), Duration.ofNanos(System.nanoTime() - start));
        }
        options.progress().step(name, (act ? "applying " : "planning ") + String.join(", ", plan.roles()));
        List<Result> results = new ArrayList<>();
        try (Remote remote = connector.apply(host)) {
            HostRun.run(plan, remote, act, options.capabilities(), localBootId, options.progress(), results);
        } catch (RuntimeException e) {
            Result r = Result.failed(name, "host", e.getMessage());
            options.progress().result(r);
            results.add(r);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        HostReport report = new HostReport(name, plan.roles(), results, took);
        options.progress().step(name, "done: " + report.status().name().toLowerCase() + ", "
                + report.changed().size() + " changed, " + report.failed().size() + " failed in " + took.toMillis() + " ms");
        return report;
    }

    private static String localBootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
