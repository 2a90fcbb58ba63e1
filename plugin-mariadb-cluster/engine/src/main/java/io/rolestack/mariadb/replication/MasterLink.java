package io.rolestack.mariadb.replication;

import io.rolestack.mariadb.server.DbServer;
import io.rolestack.mariadb.server.SqlClient;
import io.rolestack.mariadb.status.ReplicaLinkStatus;
import io.rolestack.core.secrets.Secret;

/**
 * What a replica's link to its primary must be: the primary's private address,
 * the replication account, TLS with the server certificate verified against our
 * CA bundle and our client certificate presented, and GTID positioning from
 * the replica's own applied position ({@code slave_pos}).
 */
public record MasterLink(String host, int port, String user, String sslCa, String sslCert, String sslKey) {

    /** The link a replica needs to reach {@code primary}; the file paths are the replica's own. */
    public static MasterLink to(DbServer primary, DbServer replica, String user) {
        var l = replica.layout();
        return new MasterLink(primary.address(), primary.layout().port(), user, l.caBundlePath(), l.clientCertPath(), l.clientKeyPath());
    }

    /** CHANGE MASTER with the password: run it with {@link SqlClient#executeWithSecret}. */
    public String changeMaster(Secret password) {
        return "CHANGE MASTER TO MASTER_HOST=" + SqlClient.quoted(host) + ", MASTER_PORT=" + port
                + ", MASTER_USER=" + SqlClient.quoted(user) + ", MASTER_PASSWORD=" + SqlClient.quoted(password.value())
                + ", MASTER_SSL=1, MASTER_SSL_CA=" + SqlClient.quoted(sslCa)
                + ", MASTER_SSL_CERT=" + SqlClient.quoted(sslCert) + ", MASTER_SSL_KEY=" + SqlClient.quoted(sslKey)
                + ", MASTER_SSL_VERIFY_SERVER_CERT=1, MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=2";
    }

    /** True when the replica's current link already is this one (the password cannot be read back: a wrong one shows as error 1045). */
    public boolean matches(ReplicaLinkStatus s) {
        return s.masterHost().equals(host) && s.masterPort() == port && s.masterUser().equals(user)
                && s.sslAllowed() && s.sslVerifyServerCert() && s.sslCa().equals(sslCa) && s.sslCert().equals(sslCert)
                && s.sslKey().equals(sslKey) && "Slave_Pos".equalsIgnoreCase(s.usingGtid()) && s.lastIoErrno() != 1045;
    }

    /** One line for reports: host:port with TLS settings, no secret. */
    public String describe() {
        return host + ":" + port + " user " + user + " ssl ca=" + sslCa + " cert=" + sslCert + " verify=1 gtid=slave_pos";
    }
}
