package io.rolestack.mariadb.backup;

import io.rolestack.mariadb.status.ClusterStatus;
import io.rolestack.mariadb.status.ReplicaLinkStatus;
import io.rolestack.mariadb.status.ServerRole;
import io.rolestack.mariadb.status.ServerStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackupMetadataTest {
    static final String INFO = """
            uuid = 106387e5-f1f3-11f1-ad8a-02fc00000001
            tool_name = mariadb-backup
            server_version = 10.11.19-MariaDB-0+deb12u1-log
            start_time = 2026-12-07 04:02:46
            binlog_pos = filename 'mariadb-bin.000001', position '624', GTID of the last change '0-1-2,1-7-99'
            format = mbstream
            """;

    @Test
    void readsTheGtidAndVersionMariadbBackupRecorded() {
        BackupInfo i = BackupInfo.parse(INFO);
        assertThat(i.gtid()).isEqualTo("0-1-2,1-7-99");
        assertThat(i.binlogPos()).startsWith("filename 'mariadb-bin.000001', position '624'");
        assertThat(i.version()).isEqualTo("10.11.19-MariaDB-0+deb12u1-log");
        // no binlog on the server: no position, no GTID
        assertThat(BackupInfo.parse("server_version = 10.11.6\n")).isEqualTo(new BackupInfo("", "", "10.11.6"));
    }

    @Test
    void metadataRoundTripsThroughJsonAndValidityComesFromTheVerification() {
        Instant t = Instant.parse("2026-12-07T04:15:00Z");
        BackupMetadata m = new BackupMetadata("20261207T041500Z-db2", "db2.test.wpdn", true, "0-1-42", "filename 'x'", "10.11.19",
                t, t.plusSeconds(30), 1000, 300, "ab".repeat(32), "zstd", Map.of("app.b", 2L, "app.a", 7L), true, null);
        BackupMetadata back = BackupMetadata.parse(m.toJson(), "backup.json");
        assertThat(back).isEqualTo(m);
        assertThat(back.valid()).isFalse();
        Verification v = new Verification(t.plusSeconds(90), "db2.test.wpdn", true, true, 12, Duration.ofMillis(4500), "ok");
        BackupMetadata verified = BackupMetadata.parse(m.withVerification(v).toJson(), "backup.json");
        assertThat(verified.valid()).isTrue();
        assertThat(verified.verification()).isEqualTo(v);
        assertThat(verified.rowCounts().keySet()).containsExactly("app.a", "app.b");
        // "valid": true written by hand means nothing without a passed verification
        String forged = m.toJson().replace("\"valid\" : false", "\"valid\" : true");
        assertThat(forged).contains("\"valid\" : true");
        assertThat(BackupMetadata.parse(forged, "backup.json").valid()).isFalse();
    }

    @Test
    void brokenMetadataIsAnErrorNamingTheFile() {
        assertThatThrownBy(() -> BackupMetadata.parse("{", "/b/x/backup.json")).hasMessageStartingWith("/b/x/backup.json: not valid JSON");
        assertThatThrownBy(() -> BackupMetadata.parse("{\"format\":\"other\"}", "f.json")).hasMessageContaining("is not " + BackupMetadata.FORMAT);
        String noSha = "{\"format\":\"" + BackupMetadata.FORMAT + "\",\"id\":\"a\",\"server\":\"s\",\"startedAt\":\"2026-12-07T04:15:00Z\","
                + "\"endedAt\":\"2026-12-07T04:15:00Z\",\"storedBytes\":1,\"sha256\":\"xyz\"}";
        assertThatThrownBy(() -> BackupMetadata.parse(noSha, "f.json")).hasMessageContaining("sha256 'xyz' is not 64 hex digits");
    }

    @Test
    void differencesNameEveryTableThatDoesNotMatch() {
        assertThat(BackupVerifier.differences(Map.of("app.a", 5L, "app.b", 3L, "app.c", 1L), Map.of("app.a", 5L, "app.b", 4L, "app.d", 0L)))
                .containsExactly("app.b: 4 rows restored, 3 on the source at the backup's GTID",
                        "app.c: on the source (1 rows), missing from the restore", "app.d: in the restore, not on the source");
        assertThat(BackupVerifier.differences(Map.of("app.a", 5L), Map.of("app.a", 5L))).isEmpty();
    }

    @Test
    void theSourceIsAHealthyReplicaLeastBehindAndThePrimaryOnlyWhenAlone() {
        ServerStatus primary = server("masterdb1", ServerRole.PRIMARY, null);
        ServerStatus lagging = server("db2", ServerRole.REPLICA, link("Yes", 30L, ""));
        ServerStatus close = server("db3", ServerRole.REPLICA, link("Yes", 1L, ""));
        ServerStatus broken = server("db4", ServerRole.REPLICA, link("No", null, "error 1236"));
        assertThat(BackupSource.choose(status(primary, lagging, close, broken))).isEqualTo(new BackupSource("db3", true));
        assertThat(BackupSource.choose(status(primary))).isEqualTo(new BackupSource("masterdb1", false));
        assertThatThrownBy(() -> BackupSource.choose(status(primary, broken)))
                .hasMessageContaining("no healthy replica").hasMessageContaining("db4: replica (IO No, SQL Yes)")
                .hasMessageContaining("from the primary only when it is the only server");
    }

    private static ClusterStatus status(ServerStatus... s) {
        return new ClusterStatus("masterdb1", List.of(s), List.of());
    }

    private static ServerStatus server(String host, ServerRole role, ReplicaLinkStatus link) {
        return new ServerStatus(host, role, 1, role == ServerRole.REPLICA, "", "", "", link, true, "", "");
    }

    private static ReplicaLinkStatus link(String io, Long lag, String error) {
        return new ReplicaLinkStatus("10.0.0.1", 3306, "repl", io, "Yes", lag, "Slave_Pos", "", error.isEmpty() ? 0 : 1236, error,
                0, "", true, true, "", "", "");
    }
}
