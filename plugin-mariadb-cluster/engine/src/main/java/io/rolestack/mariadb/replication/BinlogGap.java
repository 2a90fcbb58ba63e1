package io.rolestack.mariadb.replication;

import io.rolestack.mariadb.status.ReplicaLinkStatus;

/**
 * A replica whose GTID position the primary's binlogs no longer cover (they were purged or expired while it was
 * stopped or behind): the primary refuses its IO thread with error 1236 ({@code ER_MASTER_FATAL_ERROR_READING_BINLOG},
 * "Could not find GTID state requested by slave in any binlog files"). Waiting or restarting does not help; only
 * a new copy of the data does. The same error number also reports a replica that has diverged (extra
 * transactions of its own, "probably the slave has diverged"): that one is not re-seeded, since its extra
 * writes would be thrown away; it stays failed for a person to look at.
 */
final class BinlogGap {
    static final int ER_MASTER_FATAL_ERROR_READING_BINLOG = 1236;

    private BinlogGap() {
    }

    static final String PURGED = "Could not find GTID state requested by slave in any binlog files";

    static boolean is(ReplicaLinkStatus s) {
        return !"Yes".equals(s.ioRunning()) && s.lastIoErrno() == ER_MASTER_FATAL_ERROR_READING_BINLOG
                && s.lastIoError().contains(PURGED);
    }

    static String describe(ReplicaLinkStatus s) {
        return "the primary's binlogs no longer cover its position (" + s.error() + ")";
    }
}
