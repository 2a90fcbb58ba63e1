package io.rolestack.cli;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;
import io.rolestack.core.secrets.FileSecretStore;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.mariadb.MariaDbCluster;
import io.rolestack.mariadb.server.ServerLayout;
import io.rolestack.mariadb.tls.CaStore;
import io.rolestack.role.catalog.RoleCatalog;
import io.rolestack.role.plan.DeployOptions;
import io.rolestack.role.plan.DeployReport;
import io.rolestack.role.plan.Limit;
import io.rolestack.role.plan.RoleDeployer;
import io.rolestack.vm.VmProvider;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A whole platform run, in the order the data flows: hosts from the provider,
 * roles over SSH through the jump host, then MariaDB replication. {@code plan}
 * is the same run with acting switched off (no host created, nothing changed).
 */
final class PlatformDeploy {
    record Outcome(List<Result> hosts, DeployReport roles, RunSummary database) {
        RunSummary summary() {
            List<Result> all = new ArrayList<>(hosts);
            all.addAll(roles.summary().results());
            if (database != null) all.addAll(database.results());
            return new RunSummary(all);
        }
    }

    private final PlatformSpec spec;
    private final Progress progress;
    private final Limit limit;
    private final int parallelism;
    private final Path secrets;

    PlatformDeploy(PlatformSpec spec, Progress progress, Limit limit, int parallelism, Path secrets) {
        this.spec = spec;
        this.progress = progress;
        this.limit = limit;
        this.parallelism = parallelism;
        this.secrets = secrets;
    }

    Outcome run(boolean act) {
        RoleCatalog catalog = Roles.catalog(spec);
        RoleDeployer deployer = new RoleDeployer(catalog);
        if (spec.allHosts().stream().noneMatch(h -> limit.matches(h, rolesOf(catalog, h)))) {
            // Checked before the provider runs: a typo in --limit creates no host and touches none.
            throw new Rolestack.UsageError("--limit " + String.join(",", limit.names()) + " matches no host of "
                    + spec.source() + " (hosts: " + spec.allHosts().stream().map(HostName::shortName).toList() + ")");
        }
        boolean local = spec.provider().type().equals("local");
        try (VmProvider provider = Providers.open(spec, Rolestack.environment())) {
            List<Result> hosts;
            if (act) {
                hosts = provider.create(Providers.requests(spec, h -> catalog.explain(h).ports()), progress);
                if (hosts.stream().anyMatch(Result::failed)) return new Outcome(hosts, DeployReport.none(), null);
            } else {
                Inventory existing = provider.list(spec.environment());
                List<HostName> missing = spec.allHosts().stream().filter(h -> existing.host(h).isEmpty()).toList();
                hosts = missing.stream().map(h -> Result.changed(h.fqdn(), "host create", "would be created", "")).toList();
                // Without the jump host there is nothing to connect to yet: the plan is the hosts to create.
                if (missing.contains(spec.jump())) return new Outcome(hosts, DeployReport.none(), null);
            }
            try (PlatformAccess access = HostAccess.open(spec, provider)) {
                DeployOptions options = options(local);
                Inventory inventory = withPrimaryFromServers(access);
                if (act && spec.database().isPresent() && limit.isAll()) {
                    // A lost or wrong secret store is refused before any host is touched, roles included.
                    cluster(access, inventory, null, null).checkTrust().orThrow();
                }
                DeployReport roles = act ? deployer.apply(inventory, access, options) : deployer.plan(inventory, access, options);
                RunSummary database = null;
                if (act && spec.database().isPresent() && limit.isAll() && !roles.summary().anyFailed()) {
                    database = cluster(access, access.inventory(), deployer, options).replicate();
                }
                return new Outcome(hosts, roles, database);
            }
        }
    }

    /** The roles a host gets; an unknown role fails that host later, alone, so here it is just its name's roles. */
    private static List<String> rolesOf(RoleCatalog catalog, HostName h) {
        try {
            return catalog.explain(h).roles();
        } catch (RuntimeException unknownRole) {
            return h.roles();
        }
    }

    private DeployOptions options(boolean local) {
        return (local ? DeployOptions.forLocalHosts() : DeployOptions.forRealVms())
                .withLimit(limit).withParallelism(parallelism).withProgress(progress);
    }

    /**
     * The cluster for the {@code db} commands: with the same hook as {@code apply}, so a
     * switchover re-renders the configs that name the DB host (roles reading the db pool).
     */
    MariaDbCluster cluster(PlatformAccess access) {
        RoleDeployer deployer = new RoleDeployer(Roles.catalog(spec));
        return cluster(access, access.inventory(), deployer, options(spec.provider().type().equals("local")));
    }

    /** The db pool's primary as the servers say (after a switchover it is no longer masterdb); by name before replication exists. */
    private Inventory withPrimaryFromServers(PlatformAccess access) {
        Inventory inventory = access.inventory();
        if (spec.database().isEmpty()) return inventory;
        try {
            Host primary = cluster(access, inventory, null, null).primary().host();
            return inventory.withPrimary(MariaDbCluster.POOL, primary.name());
        } catch (RuntimeException notYet) {
            // No MariaDB on the hosts yet (first apply): the spec's primary is the primary.
            return inventory;
        }
    }

    MariaDbCluster cluster(PlatformAccess access, Inventory inventory, RoleDeployer deployer, DeployOptions options) {
        PlatformSpec.Database db = spec.database().orElseThrow();
        FileSecretStore files = FileSecretStore.open(secrets != null ? secrets : FileSecretStore.defaultDir(spec.environment()));
        CaStore store = CaStore.of(files, spec.environment());
        MariaDbCluster cluster = MariaDbCluster.of(inventory, db.primary(), db.replicas(), access,
                h -> ServerLayout.debian(), store, progress);
        if (deployer != null) {
            // Configs that name the DB host are re-rendered for the new primary before writes resume.
            cluster.onPrimaryChange((oldPrimary, newPrimary) -> {
                Set<String> readers = deployer.catalog().names().stream()
                        .filter(r -> deployer.catalog().role(r).map(x -> x.reads().contains(MariaDbCluster.POOL)).orElse(false))
                        .filter(r -> !inventory.pool(r).isEmpty())
                        .collect(Collectors.toSet());
                if (readers.isEmpty()) return;
                DeployReport r = deployer.apply(inventory.withPrimary(MariaDbCluster.POOL, newPrimary.name()), access,
                        options.withLimit(Limit.parse(String.join(",", readers))));
                if (r.summary().anyFailed()) throw new IllegalStateException("re-rendering configs that name the DB host failed");
            });
        }
        return cluster;
    }
}
