package io.rolestack.platform.deploy;

import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;
import io.rolestack.platform.PlatformContext;
import io.rolestack.platform.db.ClusterSessions;
import io.rolestack.platform.provider.Providers;
import io.rolestack.role.catalog.RoleCatalog;
import io.rolestack.role.plan.DeployOptions;
import io.rolestack.role.plan.DeployReport;
import io.rolestack.role.plan.RoleDeployer;
import io.rolestack.vm.VmProvider;

import java.util.List;
import java.util.Optional;

/**
 * A whole platform run, in the order the data flows: hosts from the provider,
 * roles over SSH through the jump host, then MariaDB replication. A plan is the
 * same run with acting switched off (no host created, nothing changed).
 */
public final class Deployment {
    private final PlatformContext context;

    public Deployment(PlatformContext context) {
        this.context = context;
    }

    public DeployOutcome run(boolean act) {
        RoleCatalog catalog = context.catalog();
        RoleDeployer deployer = new RoleDeployer(catalog);
        try (VmProvider provider = context.openProvider()) {
            List<Result> hosts;
            if (act) {
                hosts = provider.create(Providers.requests(context.spec(), h -> catalog.explain(h).ports()), context.options().progress());
                if (hosts.stream().anyMatch(Result::failed)) return new DeployOutcome(true, hosts, DeployReport.none(), Optional.empty());
            } else {
                Inventory existing = provider.list(context.spec().environment());
                List<HostName> missing = context.spec().allHosts().stream().filter(h -> existing.host(h).isEmpty()).toList();
                hosts = new java.util.ArrayList<>(missing.stream().map(h -> Result.changed(h.fqdn(), "host create", "would be created", "")).toList());
                // Existing servers that differ from the spec (flavor, image, network, security groups): shown, never ignored.
                hosts.addAll(provider.drift(Providers.requests(context.spec(), h -> catalog.explain(h).ports())));
                // Without the jump host there is nothing to connect to yet: the plan is the hosts to create.
                if (missing.contains(context.spec().jump())) {
                    return new DeployOutcome(false, hosts, DeployReport.none(), Optional.empty());
                }
            }
            try (PlatformAccess access = context.openAccess(provider)) {
                DeployOptions options = context.deployOptions();
                ClusterSessions clusters = new ClusterSessions(context);
                Inventory inventory = clusters.withPrimaryFromServers(access);
                if (act && context.spec().database().isPresent()) {
                    // A lost or different secret store is refused before any role touches a host.
                    clusters.requireTrustedStore(access, inventory);
                }
                DeployReport roles = act ? deployer.apply(inventory, access, options) : deployer.plan(inventory, access, options);
                Optional<RunSummary> database = Optional.empty();
                if (act && context.spec().database().isPresent() && context.options().limit().isAll() && !roles.summary().anyFailed()) {
                    database = Optional.of(clusters.replicateWithAppClients(access, access.inventory()));
                }
                return new DeployOutcome(act, hosts, roles, database);
            }
        }
    }
}
