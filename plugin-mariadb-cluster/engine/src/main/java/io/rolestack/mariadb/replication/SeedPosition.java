package io.rolestack.mariadb.replication;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GTID a seeded replica resumes replication from, read from the info files mariadb-backup writes into the
 * backup: from a replica source ({@code --slave-info}), the {@code gtid_slave_pos} it had applied (its
 * {@code *_slave_info}); from the primary, the GTID of its binlog position ({@code *_binlog_info}: file, offset,
 * GTID). Both files are named {@code xtrabackup_*} up to MariaDB 10.x and {@code mariadb_backup_*} after.
 *
 * @param gtid  the position, empty when the source had none (a primary with an empty binlog)
 * @param from  which file it came from, for the report
 */
public record SeedPosition(String gtid, String from) {
    private static final Pattern SLAVE_POS = Pattern.compile("gtid_slave_pos\\s*=\\s*'([0-9,\\s-]*)'");
    private static final Pattern GTID_LIST = Pattern.compile("[0-9]+-[0-9]+-[0-9]+(,\\s*[0-9]+-[0-9]+-[0-9]+)*");

    /**
     * @param slaveInfo  the slave info file's text, empty when absent
     * @param binlogInfo the binlog info file's text, empty when absent
     * @param fromReplica whether the backup was taken from a replica
     */
    public static SeedPosition parse(String slaveInfo, String binlogInfo, boolean fromReplica) {
        if (fromReplica) {
            Matcher m = SLAVE_POS.matcher(slaveInfo);
            if (m.find()) return new SeedPosition(m.group(1).replaceAll("\\s", ""), "slave_info");
            throw new ReplicationException("the backup from a replica carries no gtid_slave_pos (slave info: '"
                    + slaveInfo.strip() + "'): is the source replicating with GTID?");
        }
        // "mariadb-bin.000002\t344\t0-1-5": the third field, absent when the binlog has no GTID yet
        String[] fields = binlogInfo.strip().split("\t");
        if (fields.length >= 3 && GTID_LIST.matcher(fields[2].strip()).matches()) {
            return new SeedPosition(fields[2].replaceAll("\\s", ""), "binlog_info");
        }
        if (binlogInfo.isBlank() || fields.length < 3 || fields[2].isBlank()) return new SeedPosition("", "binlog_info");
        throw new ReplicationException("cannot read a GTID from the backup's binlog info: '" + binlogInfo.strip() + "'");
    }
}
