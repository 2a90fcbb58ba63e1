package io.rolestack.mariadb.status;

import io.rolestack.mariadb.server.SqlClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A replica's connection as the primary sees it (a "Binlog Dump" thread),
 * with what the server itself says about its transport: this is how the
 * status proves a link is encrypted rather than assuming it.
 *
 * @param connectionId   the primary's connection id
 * @param user           account
 * @param clientAddress  client IP, or its hostname when the server resolves names (without port)
 * @param connectionType performance_schema's CONNECTION_TYPE: SSL/TLS, TCP/IP, Socket
 * @param sslCipher      the session's Ssl_cipher, empty when not encrypted
 */
public record ReplicationConnection(long connectionId, String user, String clientAddress, String connectionType, String sslCipher) {

    public boolean encrypted() {
        return "SSL/TLS".equals(connectionType) && !sslCipher.isEmpty();
    }

    /** The primary's replication connections; needs performance_schema=ON (the rendered config sets it). */
    public static List<ReplicationConnection> read(SqlClient primary) {
        List<ReplicationConnection> out = new ArrayList<>();
        for (Map<String, String> r : primary.query("""
                SELECT t.PROCESSLIST_ID AS id, t.PROCESSLIST_USER AS user, t.PROCESSLIST_HOST AS host,
                       t.CONNECTION_TYPE AS type, IFNULL(s.VARIABLE_VALUE, '') AS cipher
                FROM performance_schema.threads t
                LEFT JOIN performance_schema.status_by_thread s
                       ON s.THREAD_ID = t.THREAD_ID AND s.VARIABLE_NAME = 'Ssl_cipher'
                WHERE t.PROCESSLIST_COMMAND = 'Binlog Dump'
                ORDER BY t.PROCESSLIST_ID""")) {
            String host = r.get("host") == null ? "" : r.get("host");
            int colon = host.lastIndexOf(':');
            // PROCESSLIST_HOST is "ip:port" for TCP clients
            if (colon > 0 && host.indexOf(':') == colon) host = host.substring(0, colon);
            out.add(new ReplicationConnection(Long.parseLong(r.get("id")), nz(r.get("user")), host, nz(r.get("type")), nz(r.get("cipher"))));
        }
        return out;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
