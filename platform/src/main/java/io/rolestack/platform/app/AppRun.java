package io.rolestack.platform.app;

import io.rolestack.app.deploy.AppDeployer;
import io.rolestack.app.deploy.AppOutcome;
import io.rolestack.app.deploy.AppTarget;
import io.rolestack.app.release.AppBuild;
import io.rolestack.app.release.AppBuilder;
import io.rolestack.app.release.AppDatabaseRef;
import io.rolestack.app.release.ResolvedApp;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.core.result.Result;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.platform.InvalidRequestException;
import io.rolestack.platform.PlatformContext;
import io.rolestack.platform.db.AppDatabases;
import io.rolestack.platform.provider.Providers;
import io.rolestack.role.catalog.Role;
import io.rolestack.role.render.RenderModel;
import io.rolestack.role.render.TemplateRenderer;
import io.rolestack.vm.VmProvider;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code rolestack app deploy|rollback|releases} (docs/apps.md): every input of the selected apps is fetched and
 * checked first (no host reached on a bad one), then each app is built once here and shipped to its pool and the
 * frontends through the jump host, switched, checked and rolled back by {@link AppDeployer}.
 */
public final class AppRun {
    private final PlatformContext context;

    public AppRun(PlatformContext context) {
        this.context = context;
    }

    /** {@code ~/.config/rolestack/state/ENV/apps}, or the local environment's state directory's {@code apps}. */
    public static Path stateDir(PlatformContext context) {
        String env = context.spec().environment();
        Path root = context.localHosts()
                ? Providers.localSettings(context.spec()).stateRoot().resolve(env)
                : Path.of(System.getProperty("user.home"), ".config", "rolestack", "state", env);
        return root.resolve("apps");
    }

    public AppReport deploy(AppRequest request) {
        List<PlatformSpec.App> apps = select(request);
        AppBuilder builder = new AppBuilder(stateDir(context).resolve("cache"), stateDir(context).resolve("releases"));
        List<ResolvedApp> resolved = new ArrayList<>();
        for (PlatformSpec.App app : apps) {
            context.options().progress().step(app.name(), "app " + app.name() + ": fetching " + app.repo() + " " + app.ref()
                    + (app.plugins().isEmpty() ? "" : " and " + app.plugins().size() + " plugin(s)"));
            resolved.add(builder.resolve(app));
        }
        return onHosts((access, deployer) -> {
            List<AppOutcome> out = new ArrayList<>();
            Inventory inventory = access.inventory();
            Map<String, Object> pools = RenderModel.pools(inventory, context.catalog().names());
            Optional<AppDatabaseStep> databases = apps.stream().anyMatch(a -> a.database().isPresent())
                    ? Optional.of(AppDatabaseStep.open(context, access)) : Optional.empty();
            for (ResolvedApp r : resolved) {
                AppTarget t = target(r.app(), access, request);
                // Its database first (an app added to the spec since the last apply gets it here): the release
                // needs it from its first request; a failure stops this app before anything is shipped.
                List<Result> db = databases.map(d -> d.ensure(r.app())).orElse(List.of());
                if (db.stream().anyMatch(Result::failed)) {
                    out.add(new AppOutcome(r.app().name(), "", Optional.empty(), AppOutcome.Status.FAILED, db,
                            "app " + r.app().name() + ": its database could not be made ready; nothing shipped"));
                    continue;
                }
                AppBuild build = builder.build(r, AppBuilder.model(r.app(), context.spec().environment(), t.base(),
                        t.hostnames(), pools, r.app().database().map(d -> new AppDatabaseRef(d.name(), d.user(),
                                AppDatabases.iniPath(r.app())))));
                context.options().progress().step(r.app().name(), "app " + r.app().name() + ": release " + build.id()
                        + " (commit " + build.commit().substring(0, 12) + ")");
                AppOutcome o = deployer.deploy(t, build);
                if (!db.isEmpty()) {
                    List<Result> all = new ArrayList<>(db);
                    all.addAll(o.results());
                    o = new AppOutcome(o.app(), o.release(), o.previous(), o.status(), all, o.message());
                }
                out.add(o);
            }
            return new AppReport(out);
        });
    }

    public AppReport rollback(AppRequest request) {
        List<PlatformSpec.App> apps = select(request);
        if (request.to().isPresent() && apps.size() != 1) {
            throw new InvalidRequestException("--to names a release of one app: name the app too");
        }
        return onHosts((access, deployer) -> new AppReport(apps.stream()
                .map(a -> deployer.rollback(target(a, access, request), request.to())).toList()));
    }

    public List<AppReleases> releases(AppRequest request) {
        List<PlatformSpec.App> apps = select(request);
        return onHosts((access, deployer) -> apps.stream()
                .map(a -> new AppReleases(a.name(), deployer.releases(target(a, access, request)))).toList());
    }

    private interface OnHosts<T> {
        T apply(PlatformAccess access, AppDeployer deployer);
    }

    private <T> T onHosts(OnHosts<T> work) {
        try (VmProvider provider = context.openProvider(); PlatformAccess access = context.openAccess(provider)) {
            Function<io.rolestack.core.inventory.Host, io.rolestack.core.remote.Remote> remotes = access;
            AppDeployer deployer = new AppDeployer(remotes, new TemplateRenderer(context.catalog()),
                    context.options().progress(), context.options().parallelism());
            return work.apply(access, deployer);
        }
    }

    List<PlatformSpec.App> select(AppRequest request) {
        List<PlatformSpec.App> all = context.spec().apps();
        if (all.isEmpty()) throw new InvalidRequestException(context.spec().source() + " has no apps: (docs/apps.md)");
        if (request.app().isEmpty()) return all;
        String name = request.app().get();
        return List.of(all.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow(() -> new InvalidRequestException(
                "'" + name + "' is not an app of " + context.spec().source() + " (apps: "
                        + String.join(", ", all.stream().map(PlatformSpec.App::name).toList()) + ")")));
    }

    private AppTarget target(PlatformSpec.App app, PlatformAccess access, AppRequest request) {
        Inventory inventory = access.inventory();
        List<Host> appHosts = inventory.pool(app.role()).hosts();
        List<Host> frontends = inventory.pool("frontend").hosts();
        if (appHosts.isEmpty() || frontends.isEmpty()) {
            throw new IllegalStateException("app " + app.name() + ": no running host of role " + (appHosts.isEmpty() ? app.role()
                    : "frontend") + " (rolestack apply first)");
        }
        Map<String, Object> vars = context.catalog().role(app.role()).map(Role::vars).orElse(Map.of());
        String php = String.valueOf(vars.getOrDefault("php_version", "8.2"));
        int fastcgi = Integer.parseInt(String.valueOf(vars.getOrDefault("fastcgi_port", 9000)));
        String base = AppTarget.base(app.name());
        List<String> hostnames = app.hostnames().isEmpty()
                ? List.of(app.name() + "." + context.spec().environment() + "." + context.spec().domain()) : app.hostnames();
        return new AppTarget(app.name(), app.role(), base, base + "/current" + (app.root().isEmpty() ? "" : "/" + app.root()),
                hostnames, app.shared(), app.configs().stream().map(PlatformSpec.AppConfig::dest).toList(), app.keep(),
                app.health(), appHosts, frontends, access.jump(),
                "php" + php + "-fpm", fastcgi, request.healthTimeout());
    }
}
