package io.rolestack.platform.db;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.mariadb.MariaDbCluster;
import io.rolestack.mariadb.clients.AppAccount;
import io.rolestack.mariadb.clients.ClientFiles;
import io.rolestack.mariadb.server.ServerLayout;
import io.rolestack.platform.InvalidRequestException;
import io.rolestack.platform.PlatformContext;
import io.rolestack.role.catalog.RoleCatalog;
import io.rolestack.role.plan.DeployReport;
import io.rolestack.role.plan.Limit;
import io.rolestack.role.plan.RoleDeployer;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The spec's MariaDB cluster over an open SSH session, built the same way for
 * apply and for the db operations: with the hook that, before writes resume on
 * a new primary, re-renders every role config naming the DB host and points the
 * app tier's client files at it.
 */
public final class ClusterSessions {
    /** The pool whose hosts get the application DB account and client files. */
    public static final String APP_POOL = "app";

    private final PlatformContext context;

    public ClusterSessions(PlatformContext context) {
        this.context = context;
    }

    /** Refuses (exit 2) a spec without {@code database:} before any host is reached. */
    public PlatformSpec.Database database() {
        return context.spec().database().orElseThrow(() -> new InvalidRequestException(
                context.spec().source() + ": no database: section"));
    }

    /** The cluster, with the primary-change hook. */
    public MariaDbCluster cluster(PlatformAccess access, Inventory inventory) {
        MariaDbCluster cluster = bare(access, inventory);
        RoleDeployer deployer = new RoleDeployer(context.catalog());
        List<Host> apps = inventory.pool(APP_POOL).hosts();
        AppDatabases appDatabases = appDatabases();
        cluster.onPrimaryChange((oldPrimary, newPrimary) -> {
            Set<String> readers = readersOfDbPool(context.catalog(), inventory);
            if (!readers.isEmpty()) {
                DeployReport r = deployer.apply(inventory.withPrimary(MariaDbCluster.POOL, newPrimary.name()), access,
                        context.deployOptions().withLimit(Limit.parse(String.join(",", readers))));
                if (r.summary().anyFailed()) throw new IllegalStateException("re-rendering configs that name the DB host failed");
            }
            if (!apps.isEmpty()) {
                List<Result> files = cluster.appClientFiles(apps, newPrimary, appAccount(), ClientFiles.standard());
                if (files.stream().anyMatch(Result::failed)) {
                    throw new IllegalStateException("pointing the app hosts' DB client files at " + newPrimary.fqdn() + " failed");
                }
            }
            if (appDatabases.pointAt(cluster, inventory, newPrimary).stream().anyMatch(Result::failed)) {
                throw new IllegalStateException("pointing the apps' own DB client files at " + newPrimary.fqdn() + " failed");
            }
        });
        return cluster;
    }

    /**
     * Replication, then the app tier's DB account and client files (when the spec has app hosts), then each app's
     * own database ({@code apps[].database}).
     */
    public RunSummary replicateWithAppClients(PlatformAccess access, Inventory inventory) {
        MariaDbCluster cluster = cluster(access, inventory);
        RunSummary replication = cluster.replicate();
        if (replication.anyFailed()) return replication;
        List<Host> apps = inventory.pool(APP_POOL).hosts();
        RunSummary done = apps.isEmpty() ? replication
                : replication.plus(cluster.appClients(apps, appAccount(), ClientFiles.standard()).results());
        if (done.anyFailed()) return done;
        return done.plus(appDatabases().ensure(cluster, inventory).results());
    }

    /** The spec's apps with a database of their own, with this environment's secret store. */
    public AppDatabases appDatabases() {
        return new AppDatabases(context.spec().apps(), context.caStore());
    }

    /**
     * Refuses, before any host is written, a secret store whose CA the DB hosts do
     * not trust (a lost or different store would otherwise mint a new CA and
     * rewrite every host's trust). Throws {@link io.rolestack.mariadb.tls.CaTrustException}.
     */
    public io.rolestack.mariadb.tls.TrustCheck requireTrustedStore(PlatformAccess access, Inventory inventory) {
        return bare(access, inventory).checkTrust().orThrow();
    }

    /**
     * The inventory with the db pool's primary as the servers say (after a
     * switchover it is no longer masterdb); by name before MariaDB exists.
     */
    public Inventory withPrimaryFromServers(PlatformAccess access) {
        Inventory inventory = access.inventory();
        if (context.spec().database().isEmpty()) return inventory;
        try {
            Host primary = bare(access, inventory).primary().host();
            return inventory.withPrimary(MariaDbCluster.POOL, primary.name());
        } catch (RuntimeException notYet) {
            // No MariaDB on the hosts yet (first apply): the spec's primary is the primary.
            return inventory;
        }
    }

    private AppAccount appAccount() {
        return AppAccount.of(context.caStore().appPassword());
    }

    private MariaDbCluster bare(PlatformAccess access, Inventory inventory) {
        PlatformSpec.Database db = database();
        return MariaDbCluster.of(inventory, db.primary(), db.replicas(), access, h -> ServerLayout.debian(),
                context.caStore(), context.options().progress());
    }

    private static Set<String> readersOfDbPool(RoleCatalog catalog, Inventory inventory) {
        return catalog.names().stream()
                .filter(r -> catalog.role(r).map(x -> x.reads().contains(MariaDbCluster.POOL)).orElse(false))
                .filter(r -> !inventory.pool(r).isEmpty())
                .collect(Collectors.toSet());
    }
}
