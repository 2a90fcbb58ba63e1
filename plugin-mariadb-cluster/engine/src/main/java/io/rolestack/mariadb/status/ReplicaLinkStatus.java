package io.rolestack.mariadb.status;

import io.rolestack.mariadb.server.SqlClient;

import java.util.Map;
import java.util.Optional;

/**
 * A replica's view of its link to the primary ({@code SHOW SLAVE STATUS}).
 *
 * @param masterHost        address it replicates from
 * @param masterPort        port it replicates from
 * @param masterUser        account it connects as
 * @param ioRunning         IO thread: Yes, No or Connecting
 * @param sqlRunning        SQL thread: Yes or No
 * @param secondsBehindMaster lag, null when the SQL thread does not run
 * @param usingGtid         No, Current_Pos or Slave_Pos
 * @param gtidIoPos         last GTID received
 * @param lastIoErrno       0 when none
 * @param lastIoError       empty when none
 * @param lastSqlErrno      0 when none
 * @param lastSqlError      empty when none
 * @param sslAllowed        MASTER_SSL set
 * @param sslVerifyServerCert MASTER_SSL_VERIFY_SERVER_CERT set
 * @param sslCa             MASTER_SSL_CA
 * @param sslCert           MASTER_SSL_CERT
 * @param sslKey            MASTER_SSL_KEY
 */
public record ReplicaLinkStatus(String masterHost, int masterPort, String masterUser, String ioRunning, String sqlRunning,
                                Long secondsBehindMaster, String usingGtid, String gtidIoPos,
                                int lastIoErrno, String lastIoError, int lastSqlErrno, String lastSqlError,
                                boolean sslAllowed, boolean sslVerifyServerCert, String sslCa, String sslCert, String sslKey) {

    /** The link of a server, empty when it has none (a primary, or a fresh server). */
    public static Optional<ReplicaLinkStatus> read(SqlClient sql) {
        var rows = sql.query("SHOW SLAVE STATUS");
        if (rows.isEmpty() || blank(rows.get(0).get("Master_Host"))) return Optional.empty();
        return Optional.of(of(rows.get(0)));
    }

    static ReplicaLinkStatus of(Map<String, String> r) {
        String lag = r.get("Seconds_Behind_Master");
        return new ReplicaLinkStatus(s(r, "Master_Host"), i(r, "Master_Port"), s(r, "Master_User"),
                s(r, "Slave_IO_Running"), s(r, "Slave_SQL_Running"), blank(lag) ? null : Long.valueOf(lag),
                s(r, "Using_Gtid"), s(r, "Gtid_IO_Pos"), i(r, "Last_IO_Errno"), s(r, "Last_IO_Error"),
                i(r, "Last_SQL_Errno"), s(r, "Last_SQL_Error"), "Yes".equals(r.get("Master_SSL_Allowed")),
                "Yes".equals(r.get("Master_SSL_Verify_Server_Cert")), s(r, "Master_SSL_CA_File"), s(r, "Master_SSL_Cert"),
                s(r, "Master_SSL_Key"));
    }

    public boolean running() {
        return "Yes".equals(ioRunning) && "Yes".equals(sqlRunning);
    }

    /** The first error of the link, empty when none. */
    public String error() {
        if (lastIoErrno != 0) return "IO thread error " + lastIoErrno + ": " + lastIoError;
        if (lastSqlErrno != 0) return "SQL thread error " + lastSqlErrno + ": " + lastSqlError;
        return "";
    }

    private static String s(Map<String, String> r, String k) {
        String v = r.get(k);
        return v == null ? "" : v;
    }

    private static int i(Map<String, String> r, String k) {
        String v = r.get(k);
        return blank(v) ? 0 : Integer.parseInt(v);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
