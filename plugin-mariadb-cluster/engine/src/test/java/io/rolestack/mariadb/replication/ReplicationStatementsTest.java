package io.rolestack.mariadb.replication;

import io.rolestack.mariadb.status.ReplicaLinkStatus;
import io.rolestack.core.secrets.Secret;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicationStatementsTest {
    @Test
    void nativePasswordHashMatchesMariaDbs() {
        // SELECT PASSWORD('password') on MariaDB
        assertThat(ReplicationAccount.nativeHash("password")).isEqualTo("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19");
    }

    @Test
    void expectedGrantIsReplicationSlaveOnlyWithTheClientCertificateAndReportsHideTheHash() {
        ReplicationAccount a = new ReplicationAccount("rolestack_repl", new Secret("password"));
        assertThat(a.expectedGrant()).isEqualTo("GRANT REPLICATION SLAVE ON *.* TO `rolestack_repl`@`%` IDENTIFIED BY PASSWORD "
                + "'*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19' REQUIRE SUBJECT '/O=rolestack/CN=rolestack_repl'");
        assertThat(ReplicationAccount.redact(a.expectedGrant())).doesNotContain("2470C0").contains("PASSWORD '<hash>'");
        assertThatThrownBy(() -> new ReplicationAccount("x'; DROP", new Secret("p"))).hasMessageContaining("replication user name");
    }

    @Test
    void changeMasterUsesVerifiedTlsAndGtidAndDescribeHidesThePassword() {
        MasterLink l = new MasterLink("10.0.0.5", 3306, "rolestack_repl", "/etc/mysql/ssl/ca-bundle.pem",
                "/etc/mysql/ssl/replication-cert.pem", "/etc/mysql/ssl/replication-key.pem");
        String sql = l.changeMaster(new Secret("s3cr'et"));
        assertThat(sql).contains("MASTER_HOST='10.0.0.5'", "MASTER_PORT=3306", "MASTER_PASSWORD='s3cr''et'", "MASTER_SSL=1",
                "MASTER_SSL_CA='/etc/mysql/ssl/ca-bundle.pem'", "MASTER_SSL_VERIFY_SERVER_CERT=1", "MASTER_USE_GTID=slave_pos");
        assertThat(l.describe()).doesNotContain("s3cr");
    }

    @Test
    void linkMatchesOnlyTheSameTargetTlsAndGtidMode() {
        MasterLink l = new MasterLink("10.0.0.5", 3306, "repl", "/ca", "/cert", "/key");
        ReplicaLinkStatus same = status("10.0.0.5", "Slave_Pos", 0);
        assertThat(l.matches(same)).isTrue();
        assertThat(l.matches(status("10.0.0.6", "Slave_Pos", 0))).isFalse();
        assertThat(l.matches(status("10.0.0.5", "Current_Pos", 0))).isFalse();
        // access denied: the password changed, the link must be written again
        assertThat(l.matches(status("10.0.0.5", "Slave_Pos", 1045))).isFalse();
    }

    private static ReplicaLinkStatus status(String host, String gtid, int ioErrno) {
        return new ReplicaLinkStatus(host, 3306, "repl", "Yes", "Yes", 0L, gtid, "0-1-5", ioErrno, "", 0, "", true, true,
                "/ca", "/cert", "/key");
    }
}
