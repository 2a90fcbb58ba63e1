package io.rolestack.mariadb.replication;

import io.rolestack.mariadb.server.DbServer;
import io.rolestack.mariadb.status.ReplicaLinkStatus;

import java.util.List;
import java.util.Optional;

/**
 * Which server a replica is seeded from: a healthy replica of the same primary (its link runs without error), so
 * the backup's load is not the primary's; the primary when there is none.
 *
 * @param server      the source
 * @param fromReplica whether it is a replica (its position is its gtid_slave_pos)
 */
public record SeedSource(DbServer server, boolean fromReplica) {

    public static SeedSource choose(DbServer primary, List<DbServer> replicas, DbServer target) {
        for (DbServer r : replicas) {
            if (r.name().equals(target.name())) continue;
            if (healthyReplicaOf(r, primary)) return new SeedSource(r, true);
        }
        return new SeedSource(primary, false);
    }

    private static boolean healthyReplicaOf(DbServer r, DbServer primary) {
        Optional<ReplicaLinkStatus> s;
        try {
            s = ReplicaLinkStatus.read(r.sql());
        } catch (RuntimeException e) {
            return false; // unreachable or down: not a source
        }
        return s.isPresent() && s.get().running() && s.get().error().isEmpty()
                && s.get().masterHost().equals(primary.address()) && s.get().masterPort() == primary.layout().port();
    }
}
