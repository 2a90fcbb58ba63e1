package io.rolestack.mariadb.status;

import io.rolestack.mariadb.server.DbServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The replication state of the whole cluster, for {@code rolestack db status}
 * (table or JSON: the record serializes with Jackson as is).
 *
 * @param primary     FQDN of the server that is primary by its facts, null when none or several
 * @param servers     every server, inventory order
 * @param connections replication connections as the primary sees them
 */
public record ClusterStatus(String primary, List<ServerStatus> servers, List<ReplicationConnection> connections) {
    public ClusterStatus {
        servers = List.copyOf(servers);
        connections = List.copyOf(connections);
    }

    /** Reads every server, then the primary's view of the replication connections to mark each link encrypted or not. */
    public static ClusterStatus read(List<DbServer> cluster) {
        List<ServerStatus> raw = cluster.stream().map(ServerStatus::read).toList();
        List<ServerStatus> primaries = raw.stream().filter(s -> s.role() == ServerRole.PRIMARY).toList();
        if (primaries.size() != 1) return new ClusterStatus(null, raw, List.of());
        String primaryName = primaries.get(0).host();
        DbServer primary = cluster.stream().filter(d -> d.name().equals(primaryName)).findFirst().orElseThrow();
        List<ReplicationConnection> conns;
        try {
            conns = ReplicationConnection.read(primary.sql());
        } catch (RuntimeException e) {
            conns = List.of();
        }
        List<ServerStatus> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            ServerStatus s = raw.get(i);
            if (s.role() != ServerRole.REPLICA) {
                out.add(s);
                continue;
            }
            // The primary names a client by IP, or by hostname when it resolves names (Debian's default).
            DbServer replica = cluster.get(i);
            Set<String> names = Set.of(replica.address(), replica.name(), replica.host().shortName());
            List<ReplicationConnection> mine = conns.stream().filter(c -> names.contains(c.clientAddress())).toList();
            // Several replicas may share an address (tests on 127.0.0.1): the link is encrypted when every connection from it is.
            Boolean enc = mine.isEmpty() ? null : mine.stream().allMatch(ReplicationConnection::encrypted);
            String cipher = mine.isEmpty() ? "" : mine.get(0).sslCipher();
            out.add(s.withEncryption(enc, cipher));
        }
        return new ClusterStatus(primaryName, out, conns);
    }

    public Optional<ServerStatus> server(String host) {
        return servers.stream().filter(s -> s.host().equals(host)).findFirst();
    }

    public boolean healthy() {
        return primary != null && servers.stream().allMatch(ServerStatus::healthy);
    }

    /** A plain-text table, one line per server. */
    public String table() {
        String[] head = {"HOST", "ROLE", "RO", "IO", "SQL", "LAG", "TLS", "GTID", "ERROR"};
        List<String[]> rows = new ArrayList<>();
        rows.add(head);
        for (ServerStatus s : servers) {
            ReplicaLinkStatus l = s.link();
            rows.add(new String[]{s.host(), s.role().name().toLowerCase(), s.readOnly() ? "on" : "off",
                    l == null ? "-" : l.ioRunning(), l == null ? "-" : l.sqlRunning(),
                    l == null || l.secondsBehindMaster() == null ? "-" : l.secondsBehindMaster() + "s",
                    s.encrypted() == null ? "-" : s.encrypted() ? s.sslCipher() : "NO",
                    s.gtidCurrentPos(), !s.error().isEmpty() ? s.error() : l == null ? "" : l.error()});
        }
        int[] w = new int[head.length];
        for (String[] r : rows) for (int c = 0; c < r.length; c++) w[c] = Math.max(w[c], r[c].length());
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                b.append(c == r.length - 1 ? r[c] : String.format("%-" + (w[c] + 2) + "s", r[c]));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
