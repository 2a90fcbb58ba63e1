package io.rolestack.app.deploy;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.FileMode;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.RemoteException;
import io.rolestack.core.remote.Shell;
import io.rolestack.core.service.ServiceControl;
import io.rolestack.app.source.Digests;
import io.rolestack.role.render.TemplateRenderer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nginx site of one app on a frontend ({@code roles/frontend/templates/app-site.conf.peb}, overridable like
 * every role template): its host names, its document root under {@code BASE/current}, FastCGI to the app's pool.
 * Written only when it differs, checked by {@code nginx -t} (the old one is put back when that fails), then nginx
 * reloads.
 */
public final class FrontendSite {
    public static final String TEMPLATE = "app-site.conf.peb";

    private FrontendSite() {
    }

    public static String render(TemplateRenderer renderer, String app, String role, String docroot, List<String> hostnames,
                                List<String> upstream, int fastcgiPort) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", app);
        a.put("id", app.replace('-', '_'));
        a.put("role", role);
        a.put("docroot", docroot);
        a.put("hostnames", hostnames);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app", a);
        m.put("upstream", upstream);
        m.put("fastcgi_port", fastcgiPort);
        return renderer.render("frontend", TEMPLATE, m);
    }

    /** Installs {@code conf} as the app's site; true when it changed (and nginx reloaded). */
    public static boolean install(Remote remote, String app, String conf) {
        String available = "/etc/nginx/sites-available/rolestack-app-" + app;
        String enabled = "/etc/nginx/sites-enabled/rolestack-app-" + app;
        String sum = Digests.sha256(conf.getBytes(StandardCharsets.UTF_8));
        String now = remote.run(Command.sudo("{ sha256sum " + Shell.quote(available) + " 2>/dev/null || true; } | cut -d' ' -f1;"
                + " readlink " + Shell.quote(enabled) + " || true")).stdout();
        if (now.startsWith(sum) && now.contains(available)) return false;
        remote.run(Command.sudo("if [ -f " + Shell.quote(available) + " ]; then cp -p " + Shell.quote(available) + " "
                + Shell.quote(available + ".rolestack-old") + "; else rm -f " + Shell.quote(available + ".rolestack-old") + "; fi"));
        remote.upload(conf.getBytes(StandardCharsets.UTF_8), available, FileMode.ROOT_644);
        var test = remote.exec(Command.sudo("ln -sfn " + Shell.quote(available) + " " + Shell.quote(enabled) + " && nginx -t -q"));
        if (!test.ok()) {
            remote.exec(Command.sudo("if [ -f " + Shell.quote(available + ".rolestack-old") + " ]; then mv -f "
                    + Shell.quote(available + ".rolestack-old") + " " + Shell.quote(available) + "; else rm -f "
                    + Shell.quote(available) + " " + Shell.quote(enabled) + "; fi"));
            throw new RemoteException(remote.host(), "nginx refused the site of app " + app + " (put back): " + test.stderr().strip());
        }
        remote.exec(Command.sudo("rm -f " + Shell.quote(available + ".rolestack-old")));
        remote.run(ServiceControl.detect(remote).reload("nginx").asRoot());
        return true;
    }
}
