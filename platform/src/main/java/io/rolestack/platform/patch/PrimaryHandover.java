package io.rolestack.platform.patch;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.mariadb.MariaDbCluster;
import io.rolestack.mariadb.switchover.SwitchoverResult;
import io.rolestack.patch.OutOfService;
import io.rolestack.platform.PlatformContext;
import io.rolestack.platform.db.ClusterSessions;
import io.rolestack.platform.db.SwitchoverRequest;

import java.util.List;
import java.util.Optional;

/**
 * Moves the database primary away from a host before it is patched: a safe
 * switchover (the MariaDB engine's: catch-up, promote, the primary-change hook
 * re-pointing the app tier before writes resume, rollback on failure) to the
 * first other database host in the spec's order — already patched, as
 * {@link io.rolestack.patch.RollingOrder} puts the primary last. Once the old
 * primary is patched and healthy it gets the role back when the spec's
 * {@code patching.switchBack} says so (the default: {@code masterdb1} is the
 * primary its name says); an unhealthy one never does.
 */
final class PrimaryHandover {
    private final PlatformContext context;
    private final PlatformAccess access;
    private final boolean switchBack;

    PrimaryHandover(PlatformContext context, PlatformAccess access, boolean switchBack) {
        this.context = context;
        this.access = access;
        this.switchBack = switchBack;
    }

    /** The database primary as the servers say, when the spec has a database. */
    static Optional<Host> currentPrimary(PlatformContext context, PlatformAccess access) {
        if (context.spec().database().isEmpty()) return Optional.empty();
        return new ClusterSessions(context).withPrimaryFromServers(access).primary(MariaDbCluster.POOL);
    }

    List<String> wouldHandOver(List<Host> hosts) {
        return handover(hosts).map(t -> List.of("move the database primary from " + t.from().shortName() + " to " + t.to().shortName()
                + " before patching " + t.from().shortName() + (switchBack ? ", and back once it is healthy" : ""))).orElse(List.of());
    }

    OutOfService handOver(List<Host> hosts) {
        Optional<Transfer> transfer = handover(hosts);
        if (transfer.isEmpty()) return OutOfService.NONE;
        Host from = transfer.get().from();
        Host to = transfer.get().to();
        SwitchoverResult moved = switchover(to);
        String note = "database primary moved from " + from.shortName() + " to " + to.shortName() + " before patching "
                + from.shortName() + " (writes blocked " + moved.writesBlocked().toMillis() + " ms)";
        return new OutOfService() {
            @Override
            public List<String> notes() {
                return List.of(note);
            }

            @Override
            public List<String> putBack(List<Host> healthy) {
                if (!switchBack) return List.of("the database primary stays on " + to.shortName() + " (patching.switchBack: false)");
                if (!healthy.contains(from)) {
                    return List.of("the database primary stays on " + to.shortName() + ": " + from.shortName() + " is unhealthy after patching");
                }
                SwitchoverResult back = switchover(from);
                return List.of("database primary moved back to " + from.shortName() + " (writes blocked " + back.writesBlocked().toMillis() + " ms)");
            }
        };
    }

    private record Transfer(Host from, Host to) {
    }

    /** The primary among {@code hosts}, and where its role goes: the first other database host of the spec. */
    private Optional<Transfer> handover(List<Host> hosts) {
        Optional<Host> primary = currentPrimary(context, access).filter(hosts::contains);
        if (primary.isEmpty()) return Optional.empty();
        Inventory inventory = access.inventory();
        var db = context.spec().database().orElseThrow();
        Optional<Host> target = java.util.stream.Stream.concat(java.util.stream.Stream.of(db.primary()), db.replicas().stream())
                .map(inventory::host).flatMap(Optional::stream)
                .filter(h -> !h.equals(primary.get()) && !hosts.contains(h)).findFirst();
        if (target.isEmpty()) return Optional.empty(); // a single server: patched in place, writes wait for it
        return Optional.of(new Transfer(primary.get(), target.get()));
    }

    private SwitchoverResult switchover(Host to) {
        ClusterSessions clusters = new ClusterSessions(context);
        MariaDbCluster cluster = clusters.cluster(access, clusters.withPrimaryFromServers(access));
        SwitchoverResult r = cluster.switchover(to.name(), SwitchoverRequest.DEFAULT_TIMEOUT);
        if (!r.succeeded()) throw new IllegalStateException("switchover to " + to.shortName() + " failed: " + r.message());
        return r;
    }
}
