package io.rolestack.platform.patch;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.net.Port;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.wait.Wait;
import io.rolestack.patch.OutOfService;
import io.rolestack.platform.PlatformContext;
import io.rolestack.platform.db.ClusterSessions;
import io.rolestack.role.catalog.Role;
import io.rolestack.role.plan.DeployReport;
import io.rolestack.role.plan.Limit;
import io.rolestack.role.plan.RoleDeployer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Takes hosts out of the balancers in front of them before they are patched: the
 * hosts whose roles {@code balances} a pool of theirs (the frontends, over the app
 * pool) get their roles applied with those hosts {@code drained} (nginx renders
 * them {@code down} and reloads gracefully). Then it waits until the reload has
 * taken effect (no nginx worker from before it still accepts) and until the
 * drained hosts have no request in flight from a balancer (no established
 * connection to their role's ports, read from /proc/net/tcp), at most the
 * spec's {@code patching.drainTimeout}. Putting back is the same apply without
 * them; a host unhealthy after its patch stays drained.
 * <p>
 * A pool is never drained empty: when the hosts of a wave are all of a pool's
 * members, requests have nowhere else to go and they are patched in it (the
 * report says so). The apply uses the database primary as the servers say, so
 * a drain after a switchover does not point configs back at masterdb.
 */
final class BalancerDrain {
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    /** nginx's workers renamed on a graceful reload ("... is shutting down") stop accepting: only this title does. */
    private static final String ACCEPTING_WORKER = "nginx: worker process";

    private final PlatformContext context;
    private final PlatformAccess access;
    private final Duration drainTimeout;

    BalancerDrain(PlatformContext context, PlatformAccess access, Duration drainTimeout) {
        this.context = context;
        this.access = access;
        this.drainTimeout = drainTimeout;
    }

    /** What a drain of {@code hosts} would be, without doing it. */
    List<String> wouldDrain(List<Host> hosts) {
        Plan plan = plan(hosts);
        List<String> out = new ArrayList<>(plan.notes());
        if (!plan.drained().isEmpty()) out.add("drain " + names(plan.drained()) + " from " + names(plan.balancers()) + " before patching");
        return out;
    }

    OutOfService drain(List<Host> hosts) {
        Plan plan = plan(hosts);
        if (plan.drained().isEmpty()) return OutOfService.notesOnly(plan.notes());
        long start = System.nanoTime();
        Map<Host, Set<String>> before = acceptingWorkers(plan.balancers());
        apply(plan, plan.drained());
        List<String> notes = new ArrayList<>(plan.notes());
        try {
            awaitReload(before);
            int left = awaitInFlight(plan);
            notes.add(names(plan.drained()) + " drained from " + names(plan.balancers()) + " in "
                    + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms"
                    + (left == 0 ? "" : "; " + left + " request(s) still in flight after " + drainTimeout.toSeconds() + " s, patching anyway"));
        } catch (RuntimeException e) {
            apply(plan, List.of());
            throw e;
        }
        return new OutOfService() {
            @Override
            public List<String> notes() {
                return notes;
            }

            @Override
            public List<String> putBack(List<Host> healthy) {
                List<Host> stay = plan.drained().stream().filter(h -> !healthy.contains(h)).toList();
                apply(plan, stay);
                List<Host> back = plan.drained().stream().filter(healthy::contains).toList();
                List<String> out = new ArrayList<>();
                if (!back.isEmpty()) out.add(names(back) + " back in " + names(plan.balancers()));
                if (!stay.isEmpty()) {
                    out.add(names(stay) + " stay drained from " + names(plan.balancers())
                            + ": unhealthy after patching (`rolestack apply` puts them back)");
                }
                return out;
            }
        };
    }

    /** Which of {@code hosts} to drain from which balancers, and why some are not. */
    private record Plan(List<Host> drained, List<Host> balancers, List<String> notes) {
    }

    private Plan plan(List<Host> hosts) {
        Inventory inventory = access.inventory();
        Map<String, List<Host>> byPool = new LinkedHashMap<>();
        Set<Host> balancers = new LinkedHashSet<>();
        for (Host h : hosts) {
            for (Host b : inventory.hosts()) {
                if (hosts.contains(b)) continue;
                for (Role r : context.catalog().rolesFor(b.name())) {
                    for (String pool : r.balances()) {
                        if (!h.role().equals(pool) && !h.name().poolKey().equals(pool)) continue;
                        balancers.add(b);
                        List<Host> members = byPool.computeIfAbsent(pool, k -> new ArrayList<>());
                        if (!members.contains(h)) members.add(h);
                    }
                }
            }
        }
        List<Host> drained = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        byPool.forEach((pool, members) -> {
            if (members.size() >= inventory.pool(pool).size()) {
                notes.add(names(members) + " not drained: " + (members.size() == 1 ? "the only host" : "every host")
                        + " of pool " + pool + ", requests have nowhere else to go while it is patched");
            } else {
                members.stream().filter(m -> !drained.contains(m)).forEach(drained::add);
            }
        });
        return new Plan(drained, List.copyOf(balancers), notes);
    }

    private void apply(Plan plan, List<Host> drained) {
        Inventory inventory = new ClusterSessions(context).withPrimaryFromServers(access)
                .withDrained(drained.stream().map(Host::fqdn).collect(Collectors.toSet()));
        DeployReport r = new RoleDeployer(context.catalog()).apply(inventory, access,
                context.deployOptions().withLimit(Limit.parse(plan.balancers().stream().map(Host::shortName).collect(Collectors.joining(",")))));
        if (r.summary().anyFailed()) {
            throw new IllegalStateException("applying " + names(plan.balancers()) + " with " + (drained.isEmpty() ? "no host" : names(drained))
                    + " drained failed: " + r.summary().results().stream().filter(x -> x.failed())
                    .map(x -> x.host() + " " + x.operation() + ": " + x.message()).collect(Collectors.joining("; ")));
        }
    }

    private Map<Host, Set<String>> acceptingWorkers(List<Host> balancers) {
        Map<Host, Set<String>> out = new LinkedHashMap<>();
        for (Host b : balancers) out.put(b, workers(b));
        return out;
    }

    /** The pids of nginx workers that accept connections (none where nginx is not running). */
    private Set<String> workers(Host balancer) {
        try (Remote r = access.apply(balancer)) {
            String pids = r.exec(Command.of("pgrep -f '^" + ACCEPTING_WORKER + " *$' || true")).stdout();
            return Set.copyOf(pids.lines().map(String::strip).filter(s -> !s.isEmpty()).toList());
        }
    }

    /** Until no worker from before the reload still accepts: requests from then on avoid the drained hosts. */
    private void awaitReload(Map<Host, Set<String>> before) {
        before.forEach((b, old) -> Wait.upTo(RELOAD_TIMEOUT).every(POLL).until(() -> {
            Set<String> now = new LinkedHashSet<>(workers(b));
            now.retainAll(old);
            return now.isEmpty();
        }, () -> new IllegalStateException(b.shortName() + ": nginx workers from before the reload still accept after "
                + RELOAD_TIMEOUT.toSeconds() + " s")));
    }

    /** Waits for the requests the balancers still have on the drained hosts; returns how many were left at the timeout. */
    private int awaitInFlight(Plan plan) {
        Set<String> from = plan.balancers().stream().map(Host::privateIp).collect(Collectors.toSet());
        int[] left = {0};
        boolean done = Wait.upTo(drainTimeout).every(POLL).holds(() -> {
            int n = 0;
            for (Host h : plan.drained()) n += inFlight(h, from);
            left[0] = n;
            return n == 0;
        });
        return done ? 0 : left[0];
    }

    /** Established TCP connections from {@code from} to the host's role ports. */
    private int inFlight(Host host, Set<String> from) {
        List<Integer> ports = context.catalog().rolesFor(host.name()).stream().filter(r -> r.name().equals(host.role()))
                .flatMap(r -> r.ports().stream()).filter(p -> p.protocol() == Port.Protocol.TCP).map(Port::number).toList();
        if (ports.isEmpty()) return 0;
        try (Remote r = access.apply(host)) {
            return ProcNetTcp.established(r.run("cat /proc/net/tcp /proc/net/tcp6 2>/dev/null || true").stdout(), ports, from);
        }
    }

    static String names(List<Host> hosts) {
        return hosts.stream().map(Host::shortName).collect(Collectors.joining(", "));
    }
}
