package io.rolestack.mariadb.replication;

import io.rolestack.mariadb.status.ReplicaLinkStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeedPositionTest {
    @Test
    void aPrimarysBackupResumesFromTheGtidOfItsBinlogPosition() {
        assertThat(SeedPosition.parse("", "mariadb-bin.000002\t344\t0-1-5\n", false)).isEqualTo(new SeedPosition("0-1-5", "binlog_info"));
        assertThat(SeedPosition.parse("", "mariadb-bin.000002\t344\t0-1-5,1-2-9\n", false).gtid()).isEqualTo("0-1-5,1-2-9");
    }

    @Test
    void aPrimaryWithNoGtidYetGivesAnEmptyPosition() {
        assertThat(SeedPosition.parse("", "mariadb-bin.000001\t328\t\n", false).gtid()).isEmpty();
        assertThat(SeedPosition.parse("", "mariadb-bin.000001\t328\n", false).gtid()).isEmpty();
        assertThat(SeedPosition.parse("", "", false).gtid()).isEmpty();
    }

    @Test
    void aReplicasBackupResumesFromItsSlavePosNotItsOwnBinlog() {
        String slaveInfo = "SET GLOBAL gtid_slave_pos = '0-1-42';\nCHANGE MASTER TO master_use_gtid = slave_pos\n";
        assertThat(SeedPosition.parse(slaveInfo, "mariadb-bin.000003\t900\t0-1-42,7-3-1\n", true))
                .isEqualTo(new SeedPosition("0-1-42", "slave_info"));
    }

    @Test
    void aReplicaBackupWithoutGtidIsRefusedNamingWhatItHas() {
        assertThatThrownBy(() -> SeedPosition.parse("CHANGE MASTER TO MASTER_LOG_FILE='x.000001', MASTER_LOG_POS=4", "", true))
                .isInstanceOf(ReplicationException.class).hasMessageContaining("MASTER_LOG_FILE='x.000001'");
    }

    @Test
    void garbageInTheBinlogInfoIsAnErrorNotAnEmptyPosition() {
        assertThatThrownBy(() -> SeedPosition.parse("", "mariadb-bin.000002\t344\tnot-a-gtid\n", false))
                .isInstanceOf(ReplicationException.class).hasMessageContaining("not-a-gtid");
    }

    @Test
    void onlyAPurgedPositionCountsAsABinlogGap() {
        String purged = "Got fatal error 1236 from master when reading data from binary log: 'Could not find GTID state requested by slave"
                + " in any binlog files. Probably the slave state is too old and required binlog files have been purged.'";
        String diverged = "Got fatal error 1236 from master when reading data from binary log: 'Error: connecting slave requested to"
                + " start from GTID 0-1-10, which is not in the master's binlog. Since the master's binlog contains GTIDs with higher"
                + " sequence numbers, it probably means that the slave has diverged due to executing extra erroneous transactions'";
        assertThat(BinlogGap.is(link("No", 1236, purged))).isTrue();
        assertThat(BinlogGap.is(link("No", 1236, diverged))).as("diverged: its own writes would be lost").isFalse();
        assertThat(BinlogGap.is(link("No", 2026, "SSL connection error"))).isFalse();
        assertThat(BinlogGap.is(link("No", 0, ""))).isFalse();
    }

    private static ReplicaLinkStatus link(String io, int errno, String error) {
        return new ReplicaLinkStatus("10.0.0.1", 3306, "rolestack_repl", io, "Yes", null, "Slave_Pos", "", errno, error, 0, "",
                true, true, "/ca", "/cert", "/key");
    }
}
