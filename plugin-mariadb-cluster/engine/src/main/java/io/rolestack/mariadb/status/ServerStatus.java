package io.rolestack.mariadb.status;

import io.rolestack.mariadb.server.DbServer;
import io.rolestack.mariadb.server.SqlClient;

import java.util.Map;
import java.util.Optional;

/**
 * One server's replication state.
 *
 * @param host          FQDN
 * @param role          from facts
 * @param serverId      server_id, 0 when unknown
 * @param readOnly      read_only
 * @param gtidBinlogPos last GTIDs in its binary log
 * @param gtidCurrentPos last GTIDs applied (binlog or replication)
 * @param gtidSlavePos  last GTIDs applied by replication
 * @param link          its replication link, null when none
 * @param encrypted     for a replica: whether the primary sees its connection as TLS; null when not seen
 * @param sslCipher     cipher of that connection as the primary reports it, empty when none
 * @param error         why the server could not be read, empty when it could
 */
public record ServerStatus(String host, ServerRole role, long serverId, boolean readOnly, String gtidBinlogPos,
                           String gtidCurrentPos, String gtidSlavePos, ReplicaLinkStatus link, Boolean encrypted,
                           String sslCipher, String error) {

    public static ServerStatus read(DbServer server) {
        try {
            SqlClient sql = server.sql();
            Map<String, String> v = sql.variables("server_id", "read_only", "gtid_binlog_pos", "gtid_current_pos", "gtid_slave_pos");
            Optional<ReplicaLinkStatus> link = ReplicaLinkStatus.read(sql);
            boolean ro = "ON".equals(v.get("read_only"));
            ServerRole role = link.isPresent() ? ServerRole.REPLICA : ro ? ServerRole.DETACHED : ServerRole.PRIMARY;
            return new ServerStatus(server.name(), role, Long.parseLong(v.getOrDefault("server_id", "0")), ro,
                    v.getOrDefault("gtid_binlog_pos", ""), v.getOrDefault("gtid_current_pos", ""),
                    v.getOrDefault("gtid_slave_pos", ""), link.orElse(null), null, "", "");
        } catch (RuntimeException e) {
            return new ServerStatus(server.name(), ServerRole.UNREACHABLE, 0, false, "", "", "", null, null, "", e.getMessage());
        }
    }

    ServerStatus withEncryption(Boolean encrypted, String cipher) {
        return new ServerStatus(host, role, serverId, readOnly, gtidBinlogPos, gtidCurrentPos, gtidSlavePos, link, encrypted, cipher, error);
    }

    /** Replica that runs both threads with no error and an encrypted link; a primary that is writable. */
    public boolean healthy() {
        return switch (role) {
            case PRIMARY -> true;
            case REPLICA -> link.running() && link.error().isEmpty() && Boolean.TRUE.equals(encrypted);
            default -> false;
        };
    }
}
