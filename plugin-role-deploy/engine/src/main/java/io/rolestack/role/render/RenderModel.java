package io.rolestack.role.render;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.inventory.Pool;
import io.rolestack.role.watch.WatchedService;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a template sees. Plain maps and lists (not our records) so templates
 * stay readable and no Java method is reachable from a template:
 * <ul>
 *   <li>{@code host}: name, fqdn, privateIp, publicIp, role, roles, index, primary, environment, domain;</li>
 *   <li>{@code env}: the environment name;</li>
 *   <li>{@code pools.<key>}: hosts, privateIps, names, size, primary (a host or null), replicaIps (the
 *       private IPs of the members that are not the primary); each of {@code hosts} also says
 *       {@code drained} (true while a patch run wants no request sent to it: a balancer marks it down) — every catalog role
 *       has a pool, empty when the platform has no such host, so {@code pools.app} never fails;</li>
 *   <li>{@code primary("db")}: the primary host of a pool or null;</li>
 *   <li>{@code vars}: the role's vars; {@code capabilities}: what the hosts allow (own-kernel, clock, vendor-apt);</li>
 *   <li>{@code watched}: the services of the host's roles a supervisor keeps running
 *       ({@link WatchedService}): service, role, process, pattern (its command line, a regex), ports.</li>
 * </ul>
 */
public final class RenderModel {
    private RenderModel() {
    }

    public static Map<String, Object> of(Inventory inventory, Host host, Collection<String> roleNames,
                                         Map<String, Object> vars, Set<String> capabilities,
                                         List<WatchedService> watched) {
        Map<String, Object> pools = pools(inventory, roleNames);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", host(host));
        m.put("env", host.name().environment());
        m.put("pools", pools);
        m.put("vars", vars);
        m.put("capabilities", List.copyOf(new java.util.TreeSet<>(capabilities)));
        m.put("watched", watched.stream().map(RenderModel::watched).toList());
        return m;
    }

    /** {@code pools} as every template sees it: one per catalog role (empty when no host has it) and per pool key. */
    public static Map<String, Object> pools(Inventory inventory, Collection<String> roleNames) {
        Map<String, Object> pools = new TreeMap<>();
        for (String r : roleNames) pools.put(r, pool(inventory.pool(r), inventory));
        inventory.pools().forEach((k, p) -> pools.put(k, pool(p, inventory)));
        return pools;
    }

    static Map<String, Object> host(Host h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", h.shortName());
        m.put("fqdn", h.fqdn());
        m.put("privateIp", h.privateIp());
        m.put("publicIp", h.publicIpOrNull());
        m.put("role", h.role());
        m.put("roles", h.name().roles());
        m.put("index", h.name().indexValue().orElse(null));
        m.put("primary", h.name().primary());
        m.put("environment", h.name().environment());
        m.put("domain", h.name().domain());
        return m;
    }

    static Map<String, Object> watched(WatchedService w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", w.service());
        m.put("role", w.role());
        m.put("process", w.process());
        m.put("pattern", w.commandLinePattern());
        m.put("ports", w.ports());
        return m;
    }

    static Map<String, Object> pool(Pool p, Inventory inventory) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", p.key());
        m.put("hosts", p.hosts().stream().map(h -> {
            Map<String, Object> member = host(h);
            member.put("drained", inventory.drained(h));
            return member;
        }).toList());
        m.put("privateIps", p.privateIps());
        m.put("names", p.names());
        m.put("size", p.size());
        m.put("primary", p.primary().map(RenderModel::host).orElse(null));
        m.put("replicaIps", p.hosts().stream().filter(h -> p.primary().map(x -> !x.equals(h)).orElse(true))
                .map(Host::privateIp).toList());
        return m;
    }
}
