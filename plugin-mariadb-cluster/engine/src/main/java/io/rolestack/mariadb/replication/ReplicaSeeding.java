package io.rolestack.mariadb.replication;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.mariadb.server.DbServer;
import io.rolestack.mariadb.server.SqlClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives an empty replica the primary's data and the GTID position it
 * corresponds to, so replication continues from there instead of replaying
 * binlogs the primary may no longer have (or never had: data written before
 * log_bin was on). A consistent InnoDB snapshot ({@code --single-transaction})
 * with its GTID ({@code --gtid --master-data=2}), loaded with the replica's
 * binlog off so its own GTID history stays empty (gtid_strict_mode).
 *
 * <p>The dump passes through the engine (primary's stdout, replica's stdin):
 * it needs no account or route between the hosts, but is held in memory, which
 * suits new and small databases; large ones want a streaming Remote or a
 * physical copy (mariadb-backup) — not done here.
 */
public final class ReplicaSeeding {
    private static final Pattern GTID = Pattern.compile("^-- SET GLOBAL gtid_slave_pos='([0-9,-]*)';$", Pattern.MULTILINE);
    private static final String SYSTEM_SCHEMAS = "'mysql','information_schema','performance_schema','sys'";
    private static final Duration TIMEOUT = Duration.ofHours(2);

    private ReplicaSeeding() {
    }

    /** Empty: no user schema, no GTID history of its own or from replication. */
    public static boolean isEmpty(SqlClient sql) {
        String schemas = sql.value("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN (" + SYSTEM_SCHEMAS + ")").orElse("0");
        String gtids = sql.value("SELECT CONCAT(@@GLOBAL.gtid_binlog_pos, @@GLOBAL.gtid_slave_pos)").orElse("");
        return "0".equals(schemas) && gtids.isEmpty();
    }

    /** Copies the primary into the replica and sets the replica's gtid_slave_pos; returns that position. */
    public static String seed(DbServer primary, DbServer replica) {
        Command dump = Command.sudo(primary.sql().dump() + " --all-databases --single-transaction --gtid --master-data=2"
                + " --hex-blob --flush-privileges --default-character-set=utf8mb4").withTimeout(TIMEOUT);
        ExecResult out = primary.remote().exec(dump);
        if (!out.ok()) {
            throw new ReplicationException(primary.name() + ": mariadb-dump for seeding " + replica.name() + " failed: " + out.stderr().strip());
        }
        Matcher m = GTID.matcher(out.stdout());
        if (!m.find()) throw new ReplicationException(primary.name() + ": the dump carries no GTID position (is log_bin on?)");
        String gtid = m.group(1);
        byte[] load = ("SET SESSION sql_log_bin=0;\n" + out.stdout()).getBytes(StandardCharsets.UTF_8);
        ExecResult in = replica.remote().exec(Command.sudo(replica.sql().client() + " --batch --default-character-set=utf8mb4")
                .withStdin(load).withTimeout(TIMEOUT));
        if (!in.ok()) throw new ReplicationException(replica.name() + ": loading the seed dump failed: " + in.stderr().strip());
        replica.sql().execute("SET GLOBAL gtid_slave_pos=" + SqlClient.literal(gtid));
        return gtid;
    }
}
