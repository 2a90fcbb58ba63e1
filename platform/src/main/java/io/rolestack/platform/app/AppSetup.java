package io.rolestack.platform.app;

import io.rolestack.app.deploy.AppTarget;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.core.secrets.Secret;
import io.rolestack.core.secrets.SecretStore;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.platform.PlatformContext;
import io.rolestack.vm.VmProvider;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rolestack app setup} (docs/apps.md, "Setup"): an app's one-time setup that needs its database, e.g.
 * WordPress's install (tables, the admin account). The current release's {@value #SCRIPT} (at the top of the
 * repo, outside the document root) runs on the first host of the app's pool, as www-data, in that release, with
 * {@code ROLESTACK_APP} and {@code ROLESTACK_APP_HOSTNAME} (the app's first host name) in its environment and the
 * app's admin password on stdin: made once into the secret store ({@value #SECRET_PREFIX}APP-admin.password),
 * never in argv, the environment or a log. The script must be idempotent (it runs again after every demo).
 */
public final class AppSetup {
    public static final String SCRIPT = "rolestack-setup";
    static final String SECRET_PREFIX = "app-";
    private static final String ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    /** Per app: where it ran, whether it did, what it printed (stdout, then stderr on failure), the password's secret. */
    public record Outcome(String app, String host, boolean ok, boolean hasScript, String output, String passwordSecret) {
    }

    private final PlatformContext context;

    public AppSetup(PlatformContext context) {
        this.context = context;
    }

    /** The secret that holds {@code app}'s admin password. */
    public static String passwordSecret(String app) {
        return SecretStore.checkName(SECRET_PREFIX + app + "-admin.password");
    }

    public List<Outcome> setup(AppRequest request) {
        List<PlatformSpec.App> apps = new AppRun(context).select(request);
        SecretStore store = context.secretStore();
        List<Outcome> out = new ArrayList<>();
        try (VmProvider provider = context.openProvider(); PlatformAccess access = context.openAccess(provider)) {
            for (PlatformSpec.App app : apps) {
                List<Host> pool = access.inventory().pool(app.role()).hosts();
                if (pool.isEmpty()) {
                    throw new IllegalStateException("app " + app.name() + ": no running host of role " + app.role() + " (rolestack apply first)");
                }
                Host host = pool.get(0);
                String current = AppTarget.base(app.name()) + "/current";
                String hostname = app.hostnames().isEmpty()
                        ? app.name() + "." + context.spec().environment() + "." + context.spec().domain() : app.hostnames().get(0);
                context.options().progress().step(host.fqdn(), "app " + app.name() + ": " + SCRIPT + " in " + current);
                ExecResult probe = access.apply(host).exec(Command.of("test -f " + current + "/" + SCRIPT));
                if (probe.exitCode() != 0) {
                    out.add(new Outcome(app.name(), host.fqdn(), true, false,
                            "no " + SCRIPT + " in " + current + " (not deployed, or the app has no setup)", ""));
                    continue;
                }
                String secret = passwordSecret(app.name());
                Secret password = store.createIfAbsent(secret, AppSetup::newPassword);
                // Names are [a-z0-9_-] and host names RFC 1123: nothing here needs quoting beyond the single quotes.
                Command run = Command.of("cd " + current + "/ && exec runuser -u www-data -- env ROLESTACK_APP='" + app.name()
                                + "' ROLESTACK_APP_HOSTNAME='" + hostname + "' sh " + SCRIPT)
                        .asRoot().withTimeout(TIMEOUT).withStdin((password.value().strip() + "\n").getBytes(StandardCharsets.UTF_8));
                ExecResult r = access.apply(host).exec(run);
                String text = (r.stdout().strip() + (r.exitCode() == 0 ? "" : "\n" + r.stderr().strip())).strip();
                out.add(new Outcome(app.name(), host.fqdn(), r.exitCode() == 0, true,
                        r.exitCode() == 0 ? text : "exit " + r.exitCode() + ": " + text, secret));
            }
        }
        return out;
    }

    static Secret newPassword() {
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 24; i++) b.append(ALNUM.charAt(r.nextInt(ALNUM.length())));
        return new Secret(b + "\n");
    }
}
