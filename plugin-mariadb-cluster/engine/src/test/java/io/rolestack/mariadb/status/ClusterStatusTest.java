package io.rolestack.mariadb.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterStatusTest {
    private static ReplicaLinkStatus link(String io, Long lag, int errno, String err) {
        return new ReplicaLinkStatus("10.0.0.5", 3306, "repl", io, "Yes", lag, "Slave_Pos", "0-1-9", errno, err, 0, "", true, true,
                "/ca", "/c", "/k");
    }

    @Test
    void healthyNeedsRunningEncryptedLinks() {
        ServerStatus p = new ServerStatus("masterdb1", ServerRole.PRIMARY, 1, false, "0-1-9", "0-1-9", "", null, null, "", "");
        ServerStatus ok = new ServerStatus("db2", ServerRole.REPLICA, 2, true, "0-1-9", "0-1-9", "0-1-9", link("Yes", 0L, 0, ""),
                true, "TLS_AES_256_GCM_SHA384", "");
        ServerStatus plain = new ServerStatus("db3", ServerRole.REPLICA, 3, true, "", "0-1-9", "0-1-9", link("Yes", 0L, 0, ""),
                false, "", "");
        ServerStatus broken = new ServerStatus("db4", ServerRole.REPLICA, 4, true, "", "0-1-2", "0-1-2",
                link("Connecting", null, 2026, "SSL connection error: certificate verify failed"), null, "", "");

        assertThat(new ClusterStatus("masterdb1", List.of(p, ok), List.of()).healthy()).isTrue();
        assertThat(new ClusterStatus("masterdb1", List.of(p, ok, plain), List.of()).healthy()).isFalse();
        ClusterStatus bad = new ClusterStatus("masterdb1", List.of(p, ok, broken), List.of());
        assertThat(bad.healthy()).isFalse();
        assertThat(bad.table()).contains("db4", "Connecting", "IO thread error 2026: SSL connection error: certificate verify failed")
                .contains("TLS_AES_256_GCM_SHA384");
        assertThat(new ClusterStatus(null, List.of(p), List.of()).healthy()).isFalse();
    }

    @Test
    void serializesToJson() throws Exception {
        ServerStatus ok = new ServerStatus("db2", ServerRole.REPLICA, 2, true, "", "0-1-9", "0-1-9", link("Yes", 3L, 0, ""),
                true, "TLS_AES_256_GCM_SHA384", "");
        String json = new ObjectMapper().writeValueAsString(new ClusterStatus("masterdb1", List.of(ok),
                List.of(new ReplicationConnection(12, "repl", "10.0.0.6", "SSL/TLS", "TLS_AES_256_GCM_SHA384"))));
        assertThat(json).contains("\"primary\":\"masterdb1\"", "\"secondsBehindMaster\":3", "\"role\":\"REPLICA\"",
                "\"encrypted\":true", "\"connectionType\":\"SSL/TLS\"");
    }
}
