package io.rolestack.mariadb.backup;

import io.rolestack.mariadb.status.ClusterStatus;
import io.rolestack.mariadb.status.ServerRole;
import io.rolestack.mariadb.status.ServerStatus;

import java.util.Comparator;
import java.util.List;

/**
 * Which server a backup is taken from (and restore-tested on): a replica whose link runs without error, the
 * least lagging first; the primary only when it is the cluster's only server. A cluster with replicas, none
 * of them healthy, is refused: the primary's load is not what a backup may add to.
 *
 * @param host        FQDN
 * @param fromReplica false for the lone primary
 */
public record BackupSource(String host, boolean fromReplica) {

    public static BackupSource choose(ClusterStatus status) {
        List<ServerStatus> servers = status.servers();
        // A lone server is the primary whatever its read_only says; unreachable, it is nobody's source.
        if (servers.size() == 1 && servers.get(0).role() != ServerRole.UNREACHABLE) return new BackupSource(servers.get(0).host(), false);
        return servers.stream()
                .filter(s -> s.role() == ServerRole.REPLICA && s.link() != null && s.link().running() && s.link().error().isEmpty())
                .min(Comparator.comparing((ServerStatus s) -> s.link().secondsBehindMaster() == null ? Long.MAX_VALUE : s.link().secondsBehindMaster()))
                .map(s -> new BackupSource(s.host(), true))
                .orElseThrow(() -> new BackupException("no healthy replica to back up from (" + describe(servers)
                        + "); a backup is taken from the primary only when it is the only server"));
    }

    private static String describe(List<ServerStatus> servers) {
        return String.join(", ", servers.stream().map(s -> s.host() + ": " + s.role().name().toLowerCase()
                + (s.link() == null ? "" : s.link().running() ? "" : " (IO " + s.link().ioRunning() + ", SQL " + s.link().sqlRunning() + ")")
                + (s.link() != null && !s.link().error().isEmpty() ? " " + s.link().error() : "")
                + (s.error().isEmpty() ? "" : " " + s.error())).toList());
    }
}
