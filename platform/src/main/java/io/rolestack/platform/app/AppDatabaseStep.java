package io.rolestack.platform.app;

import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.core.result.Result;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.mariadb.MariaDbCluster;
import io.rolestack.mariadb.tls.TrustCheck;
import io.rolestack.platform.PlatformContext;
import io.rolestack.platform.db.AppDatabases;
import io.rolestack.platform.db.ClusterSessions;

import java.util.List;

/**
 * {@code rolestack app deploy}'s database step: before an app with {@code database:} is shipped, its database,
 * account and ini are ensured on the current primary (as {@code rolestack apply} does), so an app added to the spec
 * later needs no re-apply. The secret store is checked against the DB hosts first, once per run: a lost or
 * different store is refused before any host is written; a cluster that trusts no CA yet was never set up.
 */
final class AppDatabaseStep {
    private final MariaDbCluster cluster;
    private final Inventory inventory;
    private final AppDatabases databases;
    private final String notSetUp;

    private AppDatabaseStep(MariaDbCluster cluster, Inventory inventory, AppDatabases databases, String notSetUp) {
        this.cluster = cluster;
        this.inventory = inventory;
        this.databases = databases;
        this.notSetUp = notSetUp;
    }

    static AppDatabaseStep open(PlatformContext context, PlatformAccess access) {
        ClusterSessions clusters = new ClusterSessions(context);
        Inventory inventory = clusters.withPrimaryFromServers(access);
        TrustCheck trust = clusters.requireTrustedStore(access, inventory);
        String notSetUp = trust.verdict() == TrustCheck.Verdict.FIRST_RUN
                ? "the database cluster is not set up yet (no DB host trusts a CA): rolestack apply first" : null;
        return new AppDatabaseStep(clusters.cluster(access, inventory), inventory, clusters.appDatabases(), notSetUp);
    }

    /** The app's database made ready (nothing for an app without one); a failure is a failed result naming it. */
    List<Result> ensure(PlatformSpec.App app) {
        if (app.database().isEmpty()) return List.of();
        String db = app.database().get().name();
        if (notSetUp != null) {
            return List.of(Result.failed(app.name(), "app database " + db, "app " + app.name() + ": " + notSetUp));
        }
        try {
            return databases.ensure(cluster, inventory, app).results();
        } catch (RuntimeException e) {
            return List.of(Result.failed(app.name(), "app database " + db, "app " + app.name() + ": database " + db + ": " + e.getMessage()));
        }
    }
}
