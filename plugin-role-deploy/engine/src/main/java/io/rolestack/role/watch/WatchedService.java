package io.rolestack.role.watch;

import io.rolestack.role.catalog.Role;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A service a supervisor (Monit) keeps running on a host, and that
 * {@code rolestack health --restart} may restart: derived from the roles'
 * declarations, so Monit, the health checks and the role engine agree.
 *
 * <p>A role's service is watched when the role manages it, wants it running,
 * and says how to find it: a {@code process} health check naming it
 * ({@code service:}), or the role's only service. Services the host's init
 * owns (sshd, {@code manage: false}) never are; a process check in a role of
 * several services that names none watches nothing.
 *
 * @param role    the role declaring it
 * @param service the service name, as the role engine starts it
 * @param process the process name of its {@code process} check
 * @param ports   TCP ports its {@code tcp}/{@code http} checks name: where it listens
 */
public record WatchedService(String role, String service, String process, List<Integer> ports) {
    public WatchedService {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(process, "process");
        ports = List.copyOf(ports);
    }

    /**
     * Matches the process's command line as Monit and pgrep see it: the name
     * alone or as the last part of a path, followed by nothing, a space or a
     * colon ({@code nginx: master process}, {@code php-fpm: master process}).
     */
    public String commandLinePattern() {
        return "^(\\S*/)?" + process.replaceAll("[.\\[\\]()*+?{}|^$\\\\]", "\\\\$0") + "( |:|$)";
    }

    /** What the host's roles watch, in role order; a service declared by two roles is watched once. */
    public static List<WatchedService> of(List<Role> roles) {
        Map<String, WatchedService> out = new LinkedHashMap<>();
        for (Role r : roles) {
            Set<Integer> ports = new LinkedHashSet<>();
            for (Role.HealthCheck c : r.health()) {
                switch (c.type()) {
                    case TCP -> ports.add(c.port().orElseThrow().number());
                    case HTTP -> ports.add(c.port().map(p -> p.number()).orElse(80));
                    case PROCESS -> {
                        // counted below
                    }
                }
            }
            for (Role.HealthCheck c : r.health()) {
                if (c.type() != Role.CheckType.PROCESS) continue;
                Optional<Role.ServiceSpec> spec = serviceOf(r, c);
                if (spec.isEmpty() || !spec.get().manage() || !spec.get().running()) continue;
                String service = spec.get().name();
                out.putIfAbsent(service, new WatchedService(r.name(), service, c.process().orElseThrow(), new ArrayList<>(ports)));
            }
        }
        return List.copyOf(out.values());
    }

    /** The check's {@code service}, or the role's only service. */
    private static Optional<Role.ServiceSpec> serviceOf(Role r, Role.HealthCheck c) {
        if (c.service().isPresent()) {
            return r.services().stream().filter(s -> s.name().equals(c.service().get())).findFirst();
        }
        return r.services().size() == 1 ? Optional.of(r.services().get(0)) : Optional.empty();
    }
}
