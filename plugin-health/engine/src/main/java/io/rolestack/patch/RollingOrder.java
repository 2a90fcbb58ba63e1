package io.rolestack.patch;

import io.rolestack.core.inventory.Host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The order of a rolling patch: waves of hosts patched at once. Roles come in
 * the order their first host has in the spec, except the database ({@value #DB})
 * and then the jump host ({@value #JUMP}) last: the database because every
 * other role depends on it, the jump host because every SSH session of the roll
 * goes through it. Within a role, hosts keep the spec's order and go
 * {@link Concurrency#of} at a time (default 1), except the database primary:
 * it comes after every other database host, alone in the last database wave, so
 * that the primary role can move to a replica that is already patched.
 */
public final class RollingOrder {
    public static final String DB = "db";
    public static final String JUMP = "jump";

    private RollingOrder() {
    }

    /** One group of hosts of one role, patched at the same time. */
    public record Wave(String role, List<Host> hosts) {
        public Wave {
            Objects.requireNonNull(role, "role");
            hosts = List.copyOf(hosts);
        }
    }

    /** With the database primary as the hosts' names say ({@code masterdb1}). */
    public static List<Wave> waves(List<Host> hosts, Map<String, Concurrency> concurrency) {
        return waves(hosts, concurrency, hosts.stream().filter(h -> h.role().equals(DB) && h.name().primary()).map(Host::fqdn).findFirst());
    }

    /** @param dbPrimary the database primary's fqdn as the servers say (after a switchover it is not masterdb) */
    public static List<Wave> waves(List<Host> hosts, Map<String, Concurrency> concurrency, Optional<String> dbPrimary) {
        Map<String, List<Host>> byRole = new LinkedHashMap<>();
        for (Host h : hosts) byRole.computeIfAbsent(h.role(), r -> new ArrayList<>()).add(h);
        List<String> roles = new ArrayList<>(byRole.keySet());
        for (String last : List.of(DB, JUMP)) {
            if (roles.remove(last)) roles.add(last);
        }
        List<Wave> out = new ArrayList<>();
        for (String role : roles) {
            List<Host> members = new ArrayList<>(byRole.get(role));
            Optional<Host> primary = role.equals(DB)
                    ? members.stream().filter(h -> dbPrimary.map(h.fqdn()::equals).orElse(false)).findFirst()
                    : Optional.empty();
            primary.ifPresent(members::remove);
            int size = concurrency.getOrDefault(role, Concurrency.ONE).of(byRole.get(role).size());
            for (int i = 0; i < members.size(); i += size) {
                out.add(new Wave(role, members.subList(i, Math.min(members.size(), i + size))));
            }
            primary.ifPresent(p -> out.add(new Wave(role, List.of(p))));
        }
        return List.copyOf(out);
    }
}
