package io.rolestack.app.deploy;

import io.rolestack.core.inventory.Host;

import java.time.Duration;
import java.util.List;

/**
 * Where and how one app is deployed: its pool's hosts (php-fpm) and the frontends (nginx, static files), both
 * getting every release under {@code base}; the jump host the health check is asked from.
 *
 * @param docroot       the absolute document root through {@code current} ({@code BASE/current/ROOT})
 * @param configs       rendered configs, relative to a release's top: kept on app hosts (0640 root:www-data), not
 *                      on frontends
 * @param phpFpmService reloaded on app hosts after each switch, so no worker keeps the old code's caches
 */
public record AppTarget(String app, String role, String base, String docroot, List<String> hostnames, List<String> shared,
                        List<String> configs, int keep, String healthPath, List<Host> appHosts, List<Host> frontends,
                        Host jump, String phpFpmService, int fastcgiPort, Duration healthTimeout) {
    /** Where an app lives on its hosts. */
    public static final String APPS_DIR = "/var/www/apps";

    public AppTarget {
        hostnames = List.copyOf(hostnames);
        shared = List.copyOf(shared);
        configs = List.copyOf(configs);
        appHosts = List.copyOf(appHosts);
        frontends = List.copyOf(frontends);
    }

    public static String base(String app) {
        return APPS_DIR + "/" + app;
    }

    /** App hosts first, then frontends (a host in both counts once). */
    public List<Host> hosts() {
        java.util.LinkedHashSet<Host> all = new java.util.LinkedHashSet<>(appHosts);
        all.addAll(frontends);
        return List.copyOf(all);
    }

    public boolean isFrontend(Host h) {
        return frontends.contains(h);
    }

    public boolean isAppHost(Host h) {
        return appHosts.contains(h);
    }
}
