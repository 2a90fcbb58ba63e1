package io.rolestack.core.facts;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one host looked like when the run read it (one round trip, see
 * {@link FactScript}). Operations decide from these and touch the host only
 * where they differ from what the roles ask.
 *
 * @param systemd          true when systemd is PID 1 (else init.d scripts through {@code service})
 * @param installed        installed packages and their versions (only those asked about)
 * @param paths            every managed path
 * @param sysctl           current kernel values, whitespace-normalised; missing when the key does not exist
 * @param services         services as init sees them
 * @param users            existing users and their groups
 * @param groups           existing groups (only those asked about)
 * @param lines            "path\0line" of the asked lines that are present
 * @param unlessExit       exit code of each {@code unless} guard
 * @param aptListsAge      seconds since apt's package lists were refreshed, -1 when there are none
 * @param bootId           the kernel's boot id: equal to this machine's when the host shares our kernel (local hosts)
 */
public record HostFacts(boolean systemd, Map<String, String> installed, Map<String, PathFact> paths,
                        Map<String, String> sysctl, Map<String, ServiceFact> services,
                        Map<String, List<String>> users, Set<String> groups, Set<String> lines,
                        Map<String, Integer> unlessExit, long aptListsAge, String bootId) {
    public HostFacts {
        installed = Map.copyOf(installed);
        paths = Map.copyOf(paths);
        sysctl = Map.copyOf(sysctl);
        services = Map.copyOf(services);
        users = Map.copyOf(users);
        groups = Set.copyOf(groups);
        lines = Set.copyOf(lines);
        unlessExit = Map.copyOf(unlessExit);
    }

    public boolean installed(String pkg) {
        return installed.containsKey(pkg);
    }

    public PathFact path(String p) {
        return paths.getOrDefault(p, PathFact.absent(p));
    }

    public Optional<String> sysctl(String key) {
        return Optional.ofNullable(sysctl.get(key));
    }

    public ServiceFact service(String name) {
        return services.getOrDefault(name, new ServiceFact(name, false, false, false));
    }

    public boolean hasLine(String path, String line) {
        return lines.contains(path + "\0" + line);
    }

    public Optional<Integer> unlessExit(String command) {
        return Optional.ofNullable(unlessExit.get(command));
    }
}
