package io.rolestack.health.probe;

import io.rolestack.core.inventory.Host;
import io.rolestack.health.Thresholds;
import io.rolestack.role.catalog.Role;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to check on one host: the {@code health:} checks its roles declare in
 * the catalog (tcp and http against the host's private address, where the
 * services listen; processes), then what every host gets (disk, inodes,
 * memory, clock, pending reboot and updates, Monit), then what a role implies: memcached stats,
 * redis PING, MariaDB replication.
 */
public final class HostProbes {
    private HostProbes() {
    }

    /**
     * @param expectedReplicas how many replicas the primary should serve (the spec's {@code database.replicas})
     * @param ownsClock        false for hosts sharing their machine's clock (local hosts): the clock check only informs
     */
    public static List<Probe> of(Host host, List<Role> roles, int expectedReplicas, Thresholds t, boolean ownsClock) {
        String ip = host.privateIp();
        Map<String, Probe> probes = new LinkedHashMap<>();
        for (Role r : roles) {
            for (Role.HealthCheck c : r.health()) add(probes, declared(ip, c));
        }
        add(probes, new SystemProbes.Disk(false, t.diskPercent()));
        add(probes, new SystemProbes.Disk(true, t.inodePercent()));
        add(probes, new SystemProbes.Memory(t.memoryAvailablePercent()));
        add(probes, new SystemProbes.Clock(ownsClock));
        add(probes, new SystemProbes.RebootRequired());
        add(probes, new SystemProbes.PendingUpdates());
        // Hosts whose roles install Monit (the base role does) must have it watching.
        if (roles.stream().anyMatch(r -> r.packages().contains("monit"))) add(probes, new MonitStatus());
        for (Role r : roles) {
            switch (r.name()) {
                case "memcache" -> add(probes, new NetworkProbes.MemcachedStats(ip, tcpPort(r).orElse(11211)));
                case "redis" -> add(probes, new NetworkProbes.RedisPing(ip, tcpPort(r).orElse(6379)));
                case "db" -> {
                    add(probes, new MariaDbProbes.ReadOnly());
                    add(probes, new MariaDbProbes.Replication(expectedReplicas, t.maxLagSeconds()));
                }
                default -> {
                    // no role-specific check
                }
            }
        }
        return List.copyOf(probes.values());
    }

    static Probe declared(String ip, Role.HealthCheck c) {
        return switch (c.type()) {
            case TCP -> new NetworkProbes.Tcp(ip, c.port().orElseThrow().number());
            case HTTP -> new NetworkProbes.Http(ip, c.port().map(p -> p.number()).orElse(80), c.path().orElse("/"), c.expectStatus(), c.body());
            case PROCESS -> new SystemProbes.Process(c.process().orElseThrow());
        };
    }

    /** The first TCP port a role's checks name: where its service listens. */
    private static Optional<Integer> tcpPort(Role r) {
        return r.health().stream().filter(c -> c.type() == Role.CheckType.TCP).map(c -> c.port().orElseThrow().number()).findFirst();
    }

    /** Two roles declaring the same check (base and jump: tcp 22) run it once. */
    private static void add(Map<String, Probe> probes, Probe p) {
        probes.putIfAbsent(p.name(), p);
    }

    /** For tests and callers that want the names only. */
    public static List<String> names(List<Probe> probes) {
        List<String> out = new ArrayList<>();
        for (Probe p : probes) out.add(p.name());
        return out;
    }
}
