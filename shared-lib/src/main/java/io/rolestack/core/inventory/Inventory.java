package io.rolestack.core.inventory;

import io.rolestack.core.naming.HostName;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The hosts of a platform, grouped into pools. A host belongs to the pool of
 * its role ({@code redis}) and, when qualified, to the pool of its full key
 * ({@code redis-sessions}); {@code masterdb1} belongs to {@code db}.
 * A host can be <em>drained</em>: still a member of its pools, but marked for
 * the roles that spread requests over them (a frontend's upstream) to send it
 * none while it is patched ({@link #withDrained}).
 */
public final class Inventory {
    private final List<Host> hosts;
    private final Map<String, Host> byName = new LinkedHashMap<>();
    private final Set<String> drained;

    public Inventory(Collection<Host> hosts) {
        this(hosts, Set.of());
    }

    private Inventory(Collection<Host> hosts, Set<String> drained) {
        List<Host> sorted = new ArrayList<>(hosts);
        sorted.sort(Pool.ORDER.thenComparing(h -> h.name().environment()));
        for (Host h : sorted) {
            if (byName.putIfAbsent(h.fqdn(), h) != null) {
                throw new IllegalArgumentException("duplicate host in inventory: " + h.fqdn());
            }
        }
        this.hosts = List.copyOf(sorted);
        for (String d : drained) {
            if (!byName.containsKey(d)) throw new IllegalArgumentException("cannot drain " + d + ": not in the inventory");
        }
        this.drained = Set.copyOf(drained);
    }

    public static Inventory empty() {
        return new Inventory(List.of());
    }

    public List<Host> hosts() {
        return hosts;
    }

    public Optional<Host> host(String nameOrShort) {
        Host exact = byName.get(nameOrShort);
        if (exact != null) return Optional.of(exact);
        return hosts.stream().filter(h -> h.shortName().equals(nameOrShort)).findFirst();
    }

    public Optional<Host> host(HostName name) {
        return Optional.ofNullable(byName.get(name.fqdn()));
    }

    /** The pool for a role or role-qualifier key; empty pool when nothing matches. */
    public Pool pool(String key) {
        List<Host> members = hosts.stream()
                .filter(h -> h.role().equals(key) || h.name().poolKey().equals(key))
                .toList();
        String env = members.isEmpty() ? "" : members.get(0).name().environment();
        return new Pool(key, env, members);
    }

    /** Every pool that has at least one host, keyed by role and by role-qualifier. */
    public Map<String, Pool> pools() {
        Map<String, Pool> pools = new TreeMap<>();
        for (Host h : hosts) {
            pools.computeIfAbsent(h.role(), this::pool);
            pools.computeIfAbsent(h.name().poolKey(), this::pool);
        }
        return pools;
    }

    /** The primary of a pool ({@code primary("db")} is {@code masterdb1}). */
    public Optional<Host> primary(String key) {
        return pool(key).primary();
    }

    public Inventory with(Host host) {
        List<Host> all = new ArrayList<>(hosts);
        all.removeIf(h -> h.fqdn().equals(host.fqdn()));
        all.add(host);
        return new Inventory(all, drained);
    }

    /**
     * The same hosts with {@code newPrimary} as the primary of pool {@code key}
     * and no other host of that pool marked: after a switchover the primary is
     * a fact read from the servers, no longer the {@code masterdb} name.
     */
    public Inventory withPrimary(String key, HostName newPrimary) {
        if (host(newPrimary).filter(h -> pool(key).hosts().contains(h)).isEmpty()) {
            throw new IllegalArgumentException(newPrimary + " is not in pool '" + key + "'");
        }
        List<Host> all = new ArrayList<>();
        for (Host h : hosts) {
            boolean inPool = h.role().equals(key) || h.name().poolKey().equals(key);
            boolean primary = inPool ? h.name().equals(newPrimary) || h.fqdn().equals(newPrimary.fqdn()) : h.name().primary();
            HostName n = h.name();
            all.add(primary == n.primary() ? h : new Host(new HostName(n.shortName(), n.role(), n.qualifiers(),
                    n.index(), primary, n.environment(), n.domain()), h.privateIp(), h.publicIp(), h.providerId()));
        }
        return new Inventory(all, drained);
    }

    /** The same hosts with those named (fqdns) drained, and no other. */
    public Inventory withDrained(Set<String> fqdns) {
        return new Inventory(hosts, fqdns);
    }

    /** Whether the balancers in front of this host should send it no request ({@link #withDrained}). */
    public boolean drained(Host host) {
        return drained.contains(host.fqdn());
    }

    public int size() {
        return hosts.size();
    }

    @Override
    public String toString() {
        return "Inventory" + byName.keySet();
    }
}
