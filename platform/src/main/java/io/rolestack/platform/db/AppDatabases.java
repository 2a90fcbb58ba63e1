package io.rolestack.platform.db;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.mariadb.MariaDbCluster;
import io.rolestack.mariadb.clients.AppAccount;
import io.rolestack.mariadb.clients.ClientFiles;
import io.rolestack.mariadb.tls.CaStore;

import java.util.ArrayList;
import java.util.List;

/**
 * The spec's apps with a database of their own ({@code apps[].database}, docs/apps.md): on the primary, the
 * database and an account per address of the app's pool ({@code REQUIRE SSL}, only that database); on each host
 * of the pool, {@code /etc/rolestack/db-app-APP.ini}. The password is generated once into the secret store
 * ({@code app-db-APP.password}) and goes only to the primary (as a hash) and the ini.
 */
public final class AppDatabases {
    private final List<PlatformSpec.App> apps;
    private final CaStore secrets;

    public AppDatabases(List<PlatformSpec.App> apps, CaStore secrets) {
        this.apps = apps.stream().filter(a -> a.database().isPresent()).toList();
        this.secrets = secrets;
    }

    public boolean isEmpty() {
        return apps.isEmpty();
    }

    /** The ini an app's configs find its database in ({@code /etc/rolestack/db-app-APP.ini}); no password in the path. */
    public static String iniPath(PlatformSpec.App app) {
        return files(app).iniPath();
    }

    static ClientFiles files(PlatformSpec.App app) {
        return ClientFiles.standard().forApp(app.name());
    }

    AppAccount account(PlatformSpec.App app) {
        PlatformSpec.AppDatabase db = app.database().orElseThrow();
        return AppAccount.forApp(db.user(), db.name(), secrets.appDatabasePassword(app.name()));
    }

    /** Every app's database, account and ini, against the current primary (by facts); changes only what differs. */
    public RunSummary ensure(MariaDbCluster cluster, Inventory inventory) {
        List<Result> all = new ArrayList<>();
        for (PlatformSpec.App app : apps) all.addAll(ensure(cluster, inventory, app).results());
        return new RunSummary(all);
    }

    /** One app's; an app whose pool has no running host yet gets nothing (its pool is made by apply first). */
    public RunSummary ensure(MariaDbCluster cluster, Inventory inventory, PlatformSpec.App app) {
        if (app.database().isEmpty()) return new RunSummary(List.of());
        List<Host> pool = inventory.pool(app.role()).hosts();
        if (pool.isEmpty()) return new RunSummary(List.of());
        return cluster.appClients(pool, account(app), files(app));
    }

    /** Points every app's ini at {@code newPrimary}: what the primary-change hook does before writes resume. */
    public List<Result> pointAt(MariaDbCluster cluster, Inventory inventory, Host newPrimary) {
        List<Result> all = new ArrayList<>();
        for (PlatformSpec.App app : apps) {
            List<Host> pool = inventory.pool(app.role()).hosts();
            if (!pool.isEmpty()) all.addAll(cluster.appClientFiles(pool, newPrimary, account(app), files(app)));
        }
        return all;
    }
}
