package io.rolestack.mariadb.backup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What mariadb-backup recorded about a backup ({@code xtrabackup_info}, written to {@code --extra-lsndir}
 * as well as into the stream): the binlog position and GTID it is consistent at, and the server's version.
 *
 * @param binlogPos the {@code binlog_pos} line as written, empty when the server has no binlog
 * @param gtid      the GTID of that line ({@code GTID of the last change '0-1-42'}), empty when none
 * @param version   {@code server_version}
 */
public record BackupInfo(String binlogPos, String gtid, String version) {
    private static final Pattern GTID = Pattern.compile("GTID of the last change '([0-9,\\s-]*)'");

    /** Parses {@code key = value} lines; unknown keys are ignored. */
    public static BackupInfo parse(String xtrabackupInfo) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : xtrabackupInfo.split("\n")) {
            int eq = line.indexOf(" = ");
            if (eq > 0) kv.put(line.substring(0, eq).strip(), line.substring(eq + 3).strip());
        }
        String pos = kv.getOrDefault("binlog_pos", "");
        Matcher m = GTID.matcher(pos);
        String gtid = m.find() ? m.group(1).replaceAll("\\s", "") : "";
        return new BackupInfo(pos, gtid, kv.getOrDefault("server_version", ""));
    }
}
