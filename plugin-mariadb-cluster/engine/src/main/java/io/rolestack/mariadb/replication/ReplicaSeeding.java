package io.rolestack.mariadb.replication;

import io.rolestack.core.events.Progress;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.RemoteException;
import io.rolestack.core.remote.RemotePipe;
import io.rolestack.core.remote.Shell;
import io.rolestack.core.wait.Wait;
import io.rolestack.mariadb.server.DbServer;
import io.rolestack.mariadb.server.SqlClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gives a replica (new and empty, or broken beyond what its primary's binlogs can repair) a physical copy of a
 * healthy server and the GTID position that copy is at, so replication continues from there instead of replaying
 * binlogs the primary may no longer have (or never had: data written before log_bin was on).
 *
 * <p>{@code mariadb-backup --backup --stream=mbstream} runs on the source and its stream goes through this machine
 * ({@link RemotePipe}: the two hosts' own sessions, a fixed buffer, never the whole stream in memory) into
 * {@code mbstream -x} on the target, next to its datadir. There it is prepared; then the target server is stopped,
 * its datadir moved aside and the prepared copy moved in (renames on one filesystem), given the old datadir's owner
 * and mode, and the server started again with its own option file and TLS files, which live outside the datadir
 * and are not touched. Binlog and relay log (in the datadir) start empty; the replica's position is the copy's
 * GTID. The old datadir is removed once the seeded server answers and holds every schema of the source.
 */
public final class ReplicaSeeding {
    private static final String SYSTEM_SCHEMAS = "'mysql','information_schema','performance_schema','sys'";
    static final Duration STREAM_TIMEOUT = Duration.ofHours(6);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final String STAGING = ".rolestack-seed";
    private static final String OLD = ".rolestack-old";

    /** What a seeding did: the position to replicate from, the source, the bytes streamed. */
    public record Seeded(String gtid, String source, long bytes, Duration took) {
    }

    private ReplicaSeeding() {
    }

    /** Empty: no user schema, no GTID history of its own or from replication. */
    public static boolean isEmpty(SqlClient sql) {
        String schemas = sql.value("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN (" + SYSTEM_SCHEMAS + ")").orElse("0");
        String gtids = sql.value("SELECT CONCAT(@@GLOBAL.gtid_binlog_pos, @@GLOBAL.gtid_slave_pos)").orElse("");
        return "0".equals(schemas) && gtids.isEmpty();
    }

    /**
     * Replaces {@code target}'s data with a copy of {@code source}'s, positioned (gtid_slave_pos) where the copy
     * is; the target is left running with no replication link (the caller points it at the primary).
     */
    public static Seeded seed(SeedSource source, DbServer target, Progress progress) {
        Instant start = Instant.now();
        DbServer from = source.server();
        Map<String, String> facts = target.sql().query("SELECT @@datadir AS datadir, @@pid_file AS pid_file").get(0);
        String datadir = stripSlash(facts.get("datadir"));
        if (!datadir.startsWith("/") || datadir.chars().filter(c -> c == '/').count() < 2) {
            throw new ReplicationException(target.name() + ": datadir '" + datadir + "' is not a directory seeding may replace");
        }
        String pidFile = facts.get("pid_file").startsWith("/") ? facts.get("pid_file") : datadir + "/" + facts.get("pid_file");
        String staging = datadir + STAGING;
        String old = datadir + OLD;
        // A datadir that is a mount point cannot be renamed: refused before anything is touched.
        target.remote().run(Command.sudo("if mountpoint -q " + q(datadir) + "; then echo " + q(datadir + " is a mount point: seeding renames"
                + " the datadir and cannot replace a mount point") + " >&2; exit 1; fi; rm -rf " + q(staging) + " " + q(old)
                + " && mkdir " + q(staging) + " && chmod 700 " + q(staging)));
        List<String> schemas = userSchemas(from.sql());
        String scratch = from.remote().run(Command.sudo("d=$(mktemp -d /var/tmp/rolestack-seed.XXXXXX) && mkdir $d/tmp && echo $d"))
                .stdout().strip();
        boolean swapped = false;
        try {
            progress.step(target.name(), "seeding: mariadb-backup on " + from.name() + " streaming into " + staging);
            RemotePipe.Outcome piped = RemotePipe.run(from.remote(), Command.sudo("bash -c " + q(backupScript(from, scratch, source.fromReplica())))
                            .withTimeout(STREAM_TIMEOUT),
                    target.remote(), Command.sudo("mbstream -x -C " + q(staging)).withTimeout(STREAM_TIMEOUT),
                    () -> from.remote().exec(Command.sudo("[ ! -f " + scratch + "/pid ] || kill $(cat " + scratch + "/pid) 2>/dev/null; true")));
            if (!piped.to().ok()) { // first: when it failed, the source was stopped because of it
                throw new ReplicationException(target.name() + ": mbstream -x into " + staging + " failed (exit " + piped.to().exitCode()
                        + "): " + piped.to().stderr().strip());
            }
            if (!piped.from().ok()) {
                String log = from.remote().exec(Command.sudo("tail -25 " + scratch + "/log")).stdout().strip();
                throw new ReplicationException(from.name() + ": mariadb-backup for seeding " + target.name() + " failed (exit "
                        + piped.from().exitCode() + "): " + (log.isEmpty() ? piped.from().stderr().strip() : log));
            }
            progress.step(target.name(), "seeding: " + piped.bytes() + " bytes streamed from " + from.name() + "; mariadb-backup --prepare");
            target.remote().run(Command.sudo("mariadb-backup --prepare --target-dir=" + q(staging) + " >" + q(staging + ".log") + " 2>&1"
                    + " || { tail -20 " + q(staging + ".log") + " >&2; exit 1; }").withTimeout(STREAM_TIMEOUT));
            SeedPosition position = position(target, staging, source.fromReplica());
            progress.step(target.name(), "seeding: prepared at GTID " + (position.gtid().isEmpty() ? "(none)" : position.gtid())
                    + "; stopping the server to replace " + datadir);
            stop(target, pidFile);
            // Same filesystem: two renames. The copy gets the datadir's owner and mode before it becomes the datadir.
            target.remote().run(Command.sudo("chown -R --reference=" + q(datadir) + " " + q(staging) + " && chmod --reference=" + q(datadir)
                    + " " + q(staging) + " && mv " + q(datadir) + " " + q(old) + " && mv " + q(staging) + " " + q(datadir)));
            swapped = true;
            startAndPosition(target, position.gtid());
            List<String> missing = new ArrayList<>(schemas);
            missing.removeAll(userSchemas(target.sql()));
            if (!missing.isEmpty()) {
                throw new ReplicationException(target.name() + ": the seeded copy lacks schemas the source " + from.name() + " has: "
                        + String.join(", ", missing) + " (the previous datadir is kept in " + old + ")");
            }
            target.remote().exec(Command.sudo("rm -rf " + q(old)).withTimeout(Duration.ofHours(1)));
            return new Seeded(position.gtid(), from.name(), piped.bytes(), Duration.between(start, Instant.now()));
        } catch (RuntimeException e) {
            if (swapped) {
                throw new ReplicationException(target.name() + ": seeding failed after the datadir was replaced (the previous one is in "
                        + old + "): " + e.getMessage(), e);
            }
            throw e;
        } finally {
            cleanUp(from, "rm -rf " + q(scratch));
            cleanUp(target, "rm -rf " + q(staging) + " " + q(staging + ".log"));
        }
    }

    /**
     * mariadb-backup with its pid recorded (so a failed reader can stop it) and its log kept on the source. From a
     * replica, {@code --slave-info} records its gtid_slave_pos and {@code --safe-slave-backup} pauses its SQL thread
     * while non-transactional tables are copied.
     */
    static String backupScript(DbServer from, String scratch, boolean fromReplica) {
        String opts = from.layout().clientOptions().isBlank() ? "" : " " + from.layout().clientOptions().strip();
        return "echo $$ > " + scratch + "/pid; exec mariadb-backup --backup --user=root" + opts + " --stream=mbstream"
                + (fromReplica ? " --slave-info --safe-slave-backup" : "") + " --target-dir=" + scratch + "/tmp 2>" + scratch + "/log";
    }

    /** Reads both info files (either generation's name) from the prepared copy. */
    private static SeedPosition position(DbServer target, String staging, boolean fromReplica) {
        String out = target.remote().run(Command.sudo("cd " + q(staging) + " && cat mariadb_backup_slave_info xtrabackup_slave_info 2>/dev/null;"
                + " echo '--rolestack--'; cat mariadb_backup_binlog_info xtrabackup_binlog_info 2>/dev/null; true")).stdout();
        String[] parts = out.split("--rolestack--\n?", 2);
        return SeedPosition.parse(parts[0], parts.length > 1 ? parts[1] : "", fromReplica);
    }

    /** {@code mariadb-admin shutdown} waits for the server's end; the pid is then checked gone, so the datadir is free. */
    private static void stop(DbServer target, String pidFile) {
        String pid = target.remote().run(Command.sudo("cat " + q(pidFile))).stdout().strip();
        if (!pid.matches("[0-9]+")) throw new ReplicationException(target.name() + ": no server pid in " + pidFile + ": '" + pid + "'");
        String opts = target.layout().clientOptions().isBlank() ? "" : " " + target.layout().clientOptions().strip();
        ExecResult down = target.remote().exec(Command.sudo("mariadb-admin --user=root" + opts + " shutdown").withTimeout(START_TIMEOUT));
        Wait.upTo(START_TIMEOUT).every(Duration.ofMillis(200)).until(
                () -> !target.remote().exec(Command.sudo("kill -0 " + pid + " 2>/dev/null")).ok(),
                () -> new ReplicationException(target.name() + ": the server (pid " + pid + ") is still running " + START_TIMEOUT.toMinutes()
                        + " min after shutdown" + (down.ok() ? "" : ": " + down.stderr().strip())));
    }

    /**
     * Starts the server on the seeded datadir and sets where replication resumes. Its binlog is reset: the copy's
     * history is its source's, and a replica that may become primary must not serve GTIDs from before the seed.
     */
    private static void startAndPosition(DbServer target, String gtid) {
        ServerRestart.restartAndAwait(target, START_TIMEOUT, "after seeding");
        target.sql().execute("STOP SLAVE;\nRESET SLAVE ALL;\nRESET MASTER;\nSET GLOBAL gtid_slave_pos=" + SqlClient.literal(gtid));
    }

    private static List<String> userSchemas(SqlClient sql) {
        return sql.query("SELECT SCHEMA_NAME AS s FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN (" + SYSTEM_SCHEMAS + ")")
                .stream().map(r -> r.get("s")).toList();
    }

    private static void cleanUp(DbServer s, String script) {
        try {
            s.remote().exec(Command.sudo(script).withTimeout(Duration.ofHours(1)));
        } catch (RemoteException e) {
            // scratch space only; the seeding's own outcome is what to report
        }
    }

    private static String stripSlash(String dir) {
        String d = dir == null ? "" : dir.strip();
        while (d.length() > 1 && d.endsWith("/")) d = d.substring(0, d.length() - 1);
        return d;
    }

    private static String q(String s) {
        return Shell.quote(s);
    }
}
