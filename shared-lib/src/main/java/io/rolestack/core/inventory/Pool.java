package io.rolestack.core.inventory;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * All hosts of one role (or role-qualifier) in one environment, ordered by
 * index then name so rendered configs are stable.
 */
public record Pool(String key, String environment, List<Host> hosts) {
    static final Comparator<Host> ORDER = Comparator
            .comparingInt((Host h) -> h.name().index().orElse(0))
            .thenComparing(Host::shortName);

    public Pool {
        hosts = hosts.stream().sorted(ORDER).toList();
    }

    public List<String> privateIps() {
        return hosts.stream().map(Host::privateIp).toList();
    }

    public List<String> publicIps() {
        return hosts.stream().flatMap(h -> h.publicIp().stream()).toList();
    }

    public List<String> names() {
        return hosts.stream().map(Host::fqdn).toList();
    }

    /** The host marked primary ({@code masterdb1} in {@code db}), if any. */
    public Optional<Host> primary() {
        return hosts.stream().filter(h -> h.name().primary()).findFirst();
    }

    /** Members that are not the primary. */
    public List<Host> replicas() {
        return hosts.stream().filter(h -> !h.name().primary()).toList();
    }

    public boolean isEmpty() {
        return hosts.isEmpty();
    }

    public int size() {
        return hosts.size();
    }
}
