package io.rolestack.cli;

import io.rolestack.app.deploy.AppOutcome;
import io.rolestack.core.result.Result;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.platform.Platform;
import io.rolestack.platform.app.AppReport;
import io.rolestack.platform.app.AppRequest;
import io.rolestack.platform.app.AppSetup;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's apps (the spec's {@code apps:}, e.g. WordPress built by scripts/app-repo): deployed, set up
 * ({@code rolestack app setup}), and how to reach each one from this machine: an {@code ssh -L} through the jump
 * host to a frontend, with the Host header the frontend serves the app under.
 */
final class DemoApps {
    /** What the demo did with the apps; {@code ok} false when a deploy or a setup failed. */
    record Done(boolean ok, AppReport deployed, List<AppSetup.Outcome> setup, List<String> howToReach) {
    }

    private DemoApps() {
    }

    static Done run(Platform platform, PlatformSpec spec, Map<String, String> frontendIps, String secrets) {
        AppReport deployed = platform.appDeploy(AppRequest.all());
        if (!deployed.ok()) return new Done(false, deployed, List.of(), List.of());
        List<AppSetup.Outcome> setup = platform.appSetup(AppRequest.all());
        List<String> reach = new ArrayList<>();
        String frontend = frontendIps.keySet().stream().sorted().findFirst().orElse("");
        String ip = frontendIps.getOrDefault(frontend, "FRONTEND_IP");
        int port = 8080;
        for (PlatformSpec.App app : spec.apps()) {
            String name = app.hostnames().isEmpty() ? app.name() + "." + spec.environment() + "." + spec.domain() : app.hostnames().get(0);
            reach.add(app.name() + ": http://" + name + "/ on " + frontend + " (" + ip + "), through the jump host:");
            reach.add("  ./rolestack ssh-config -f " + spec.source() + " > /tmp/" + spec.environment() + ".ssh.conf");
            reach.add("  ssh -F /tmp/" + spec.environment() + ".ssh.conf -N -L " + port + ":" + ip + ":80 jump &");
            reach.add("  curl -H 'Host: " + name + "' http://127.0.0.1:" + port + "/");
            reach.add("  browser: add '127.0.0.1 " + name + "' to /etc/hosts, open http://" + name + ":" + port + "/"
                    + (app.name().contains("wordpress") ? " (wp-admin: user admin)" : ""));
            setup.stream().filter(o -> o.app().equals(app.name()) && !o.passwordSecret().isEmpty()).forEach(o -> reach.add(
                    "  admin password: secret " + o.passwordSecret() + " in " + secrets));
            port++;
        }
        return new Done(setup.stream().allMatch(AppSetup.Outcome::ok), deployed, setup, reach);
    }

    static void print(PrintWriter w, Done d) {
        w.println();
        w.println("Apps (rolestack app deploy, rolestack app setup):");
        for (AppOutcome o : d.deployed().apps()) {
            w.println("  " + o.app() + ": " + o.status().name().toLowerCase().replace('_', ' ') + ", release " + o.release()
                    + (o.ok() ? "" : ": " + o.message()));
            o.results().stream().filter(Result::failed).forEach(r -> w.println("    " + r.host() + ": " + r.message()));
        }
        for (AppSetup.Outcome o : d.setup()) {
            w.println("  " + o.app() + " setup on " + o.host() + ": " + (!o.hasScript() ? "none" : o.ok() ? "ok" : "FAILED")
                    + ": " + o.output().replace('\n', ' '));
        }
        d.howToReach().forEach(w::println);
    }
}
