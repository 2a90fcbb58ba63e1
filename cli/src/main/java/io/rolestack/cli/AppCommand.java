package io.rolestack.cli;

import io.rolestack.app.deploy.AppOutcome;
import io.rolestack.app.deploy.ReleaseState;
import io.rolestack.core.result.Result;
import io.rolestack.platform.Platform;
import io.rolestack.platform.app.AppReleases;
import io.rolestack.platform.app.AppReport;
import io.rolestack.platform.app.AppRequest;
import io.rolestack.platform.app.AppValues;
import io.rolestack.platform.app.AppSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "app", mixinStandardHelpOptions = true, description = {"The spec's apps (docs/apps.md): built once here from their git repos and plugins, "
        + "shipped to their pool and the frontends, switched atomically, health-checked through the frontends."},
        subcommands = {AppCommand.Deploy.class, AppCommand.Rollback.class, AppCommand.Releases.class, AppCommand.Setup.class})
final class AppCommand {

    /** What every app command shares: the spec, output, secrets, the app. */
    abstract static class OnApp implements Callable<Integer> {
        @Mixin
        SpecFile spec;
        @Mixin
        Output output;
        @Option(names = "--secrets", paramLabel = "DIR",
                description = "Where the MariaDB CA and passwords live (default ~/.config/rolestack/secrets/ENV).")
        Path secrets;
        @Parameters(index = "0", arity = "0..1", paramLabel = "APP", description = "The app (default: every app of the spec).")
        String app;
        @Option(names = "--health-timeout", paramLabel = "SECONDS", defaultValue = "30",
                description = "How long a switched release gets to answer its health check (default ${DEFAULT-VALUE}).")
        int healthTimeout;

        AppRequest request() {
            return new AppRequest(Optional.ofNullable(app), Optional.empty(), Duration.ofSeconds(healthTimeout));
        }

        Platform platform() {
            return Platform.open(spec.load(), PlatformArguments.base(output, secrets));
        }

        int print(AppReport report) {
            PrintWriter w = output.out();
            if (output.json) {
                w.println(Json.write(AppValues.of(report)));
            } else {
                Table t = new Table("APP", "STATUS", "RELEASE", "PREVIOUS", "CHANGED", "MESSAGE");
                for (AppOutcome o : report.apps()) {
                    t.row(o.app(), AppValues.status(o).replace('_', ' '), o.release(), o.previous().orElse("-"),
                            String.valueOf(o.changed()), o.message());
                }
                t.print(w);
                for (AppOutcome o : report.apps()) {
                    o.results().stream().filter(Result::failed).forEach(r -> w.println(r.host() + ": " + r.message()));
                }
            }
            w.flush();
            return report.exitCode();
        }
    }

    @Command(name = "deploy", mixinStandardHelpOptions = true,
            description = {"Fetches the app's repo at its ref and its plugins (git, svn, zip with sha256), renders its configs "
                    + "from the pools, and names the release by a digest of all of that: unchanged inputs change nothing.",
                    "A new release is streamed to every host of the app's role and to the frontends (BASE/releases/ID), "
                            + "shared paths linked, then BASE/current switched (app hosts, then frontends), php-fpm reloaded and "
                            + "the health path asked through every frontend. A failed check switches back and marks the release BAD.",
                    "An input that cannot be had (missing ref, unreachable repo, wrong sha256) is an error naming it, before any host is reached.",
                    "Exit code: 0 deployed or unchanged, 1 a failure (an input that cannot be had; a host step failed; health failed: rolled back), 2 bad input (spec, arguments).",
                    "Example: rolestack app deploy -f SPEC wordpress"})
    static final class Deploy extends OnApp {
        @Override
        public Integer call() {
            return print(platform().appDeploy(request()));
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = {"Switches the app back to the good release made current before the current one (or --to ID) on "
                    + "every host, reloads php-fpm and checks health; the release left is marked BAD.",
                    "Exit code: 0 rolled back and healthy, 1 a failure, 2 bad input."})
    static final class Rollback extends OnApp {
        @Option(names = "--to", paramLabel = "ID", description = "The release to go back to (see `app releases`).")
        String to;

        @Override
        public Integer call() {
            AppRequest r = request();
            return print(platform().appRollback(to == null ? r : r.to(to)));
        }
    }

    @Command(name = "releases", mixinStandardHelpOptions = true,
            description = {"Per host, the app's releases: the current one, when each was last made current, BAD ones and why.",
                    "Exit code: 0, 1 when a host cannot be read, 2 bad input."})
    static final class Releases extends OnApp {
        @Override
        public Integer call() {
            List<AppReleases> all = platform().appReleases(request());
            PrintWriter w = output.out();
            if (output.json) {
                w.println(Json.write(AppValues.releases(all)));
            } else {
                Table t = new Table("APP", "HOST", "RELEASE", "CURRENT", "LAST CURRENT", "BAD");
                for (AppReleases a : all) {
                    for (ReleaseState h : a.hosts()) {
                        if (h.releases().isEmpty()) t.row(a.app(), h.host(), "-", "-", "-", "-");
                        for (ReleaseState.Release r : h.releases()) {
                            t.row(a.app(), h.host(), r.id(), h.current().map(r.id()::equals).orElse(false) ? "*" : "",
                                    r.activated() == 0 ? "never" : AppValues.lastCurrent(r),
                                    r.bad().orElse(""));
                        }
                    }
                }
                t.print(w);
            }
            w.flush();
            return 0;
        }
    }

    @Command(name = "setup", mixinStandardHelpOptions = true,
            description = {"Runs the app's one-time setup (e.g. WordPress's install): `rolestack-setup` of its current release, "
                    + "on the first host of its pool, as www-data, with the app's admin password on stdin (made once into the "
                    + "secret store as app-APP-admin.password; never printed). The script is idempotent: run it again, nothing changes.",
                    "An app whose release has no rolestack-setup is reported as such, not failed.",
                    "Exit code: 0 done, 1 a setup failed, 2 bad input."})
    static final class Setup extends OnApp {
        @Override
        public Integer call() {
            Platform platform = platform();
            List<AppSetup.Outcome> all = platform.appSetup(request());
            printSetup(output, all);
            return all.stream().allMatch(AppSetup.Outcome::ok) ? 0 : Rolestack.FAILED;
        }
    }

    static void printSetup(Output output, List<AppSetup.Outcome> all) {
        PrintWriter w = output.out();
        if (output.json) {
            w.println(Json.write(all));
        } else {
            Table t = new Table("APP", "HOST", "STATUS", "OUTPUT");
            all.forEach(o -> t.row(o.app(), o.host(), !o.hasScript() ? "no setup" : o.ok() ? "ok" : "failed",
                    o.output().replace('\n', ' ')));
            t.print(w);
            all.stream().filter(o -> !o.passwordSecret().isEmpty()).forEach(o -> w.println(o.app()
                    + ": admin password in the secret store as " + o.passwordSecret()));
        }
        w.flush();
    }
}
