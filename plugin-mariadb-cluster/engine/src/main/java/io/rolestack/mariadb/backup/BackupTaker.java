package io.rolestack.mariadb.backup;

import io.rolestack.core.events.Progress;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.RemoteException;
import io.rolestack.core.remote.Shell;
import io.rolestack.mariadb.server.DbServer;
import io.rolestack.mariadb.server.SqlClient;
import io.rolestack.mariadb.status.ReplicaLinkStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Takes one physical backup: {@code mariadb-backup --backup --stream=mbstream} on the source host, compressed
 * there ({@code zstd}), streamed through the host's SSH session into a {@link BackupStore} (a directory here, or a
 * backup host's) without being held in memory, its sha256 computed on the way.
 *
 * <p>From a replica, the SQL thread is stopped for the whole backup (the IO thread keeps receiving): the data
 * then stays at one GTID, its {@code gtid_slave_pos}, and the row count of every table is taken at exactly that
 * GTID while mariadb-backup runs. That the replica did not move is checked afterwards (gtid_slave_pos and
 * gtid_binlog_pos unchanged); then the SQL thread is started again (if it ran before). The restore test compares
 * the restored tables with these counts. A lone primary keeps taking writes, so its backup has no counts.
 */
public final class BackupTaker {
    static final Duration BACKUP_TIMEOUT = Duration.ofHours(6);
    private static final String POSITIONS = "SELECT @@GLOBAL.gtid_slave_pos AS slave, @@GLOBAL.gtid_binlog_pos AS binlog";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final BackupStore store;
    private final Progress progress;
    private final Clock clock;
    private final String scratchDir;

    /** @param scratchDir a directory on the db hosts for mariadb-backup's small work files ({@code /var/tmp}) */
    public BackupTaker(BackupStore store, Progress progress, Clock clock, String scratchDir) {
        this.store = store;
        this.progress = progress;
        this.clock = clock;
        this.scratchDir = scratchDir;
    }

    /** Takes a backup of {@code source}; {@code fromReplica} says whether it is a replica (frozen) or the lone primary. */
    public StoredBackup take(DbServer source, boolean fromReplica) {
        Instant started = clock.instant();
        String id = newId(source, started);
        checkRoom(source);
        SqlClient sql = source.sql();
        String scratch = source.remote().run(Command.sudo("d=$(mktemp -d " + Shell.quote(scratchDir + "/rolestack-backup.XXXXXX")
                + ") && mkdir $d/info $d/tmp && echo $d")).stdout().strip();
        boolean restartSql = false;
        try (BackupStore.Partial partial = store.begin(id)) {
            String gtid = "";
            String binlogBefore = "";
            CompletableFuture<Map<String, Long>> counting = CompletableFuture.completedFuture(Map.of());
            if (fromReplica) {
                ReplicaLinkStatus link = ReplicaLinkStatus.read(sql)
                        .orElseThrow(() -> new BackupException(source.name() + ": is not a replica (no replication link)"));
                restartSql = "Yes".equals(link.sqlRunning());
                // one round trip: stop, then where it stopped
                Map<String, String> at = sql.query("STOP SLAVE SQL_THREAD;\n" + POSITIONS).get(0);
                gtid = nonNull(at.get("slave"));
                binlogBefore = nonNull(at.get("binlog"));
                progress.step(source.name(), "replica SQL thread stopped at GTID " + gtid + "; counting rows while mariadb-backup streams");
                // The replica holds still until the SQL thread starts again, so the counts at this GTID can be taken
                // beside the stream instead of before it (on a separate session; they are read before the restart).
                counting = CompletableFuture.supplyAsync(() -> Tables.count(sql, Tables.list(sql, false)),
                        task -> daemon("row counts " + id, task).start());
            }
            progress.step(source.name(), "mariadb-backup streaming to " + store.location() + "/" + id);
            BackupStore.Received got = partial.receive(source.remote(),
                    Command.sudo("bash -o pipefail -c " + Shell.quote(streamScript(source, scratch, fromReplica))).withTimeout(BACKUP_TIMEOUT));
            ExecResult r = got.result();
            if (!r.ok()) {
                String log = source.remote().exec(Command.sudo("tail -25 " + scratch + "/log")).stdout().strip();
                throw new BackupException(source.name() + ": mariadb-backup failed (exit " + r.exitCode() + "): "
                        + (log.isEmpty() ? r.stderr().strip() : log));
            }
            Map<String, Long> counts = rowCounts(counting);
            Instant ended = clock.instant();
            String[] facts = source.remote().run(Command.sudo("tr '\\r' '\\n' < " + scratch + "/zstd.log | tail -3 && echo '--' && cat " + scratch
                    + "/info/xtrabackup_info")).stdout().split("\n--\n", 2);
            BackupInfo info = BackupInfo.parse(facts.length > 1 ? facts[1] : "");
            if (fromReplica) {
                Map<String, String> now = sql.query(POSITIONS).get(0);
                String after = nonNull(now.get("slave"));
                String binlogAfter = nonNull(now.get("binlog"));
                if (!after.equals(gtid) || !binlogAfter.equals(binlogBefore)) {
                    throw new BackupException(source.name() + ": the replica moved during the backup (gtid_slave_pos " + gtid + " -> " + after
                            + ", gtid_binlog_pos " + binlogBefore + " -> " + binlogAfter + "): its row counts would not match; not kept");
                }
            } else {
                gtid = info.gtid();
            }
            BackupMetadata meta = new BackupMetadata(id, source.name(), fromReplica, gtid, info.binlogPos(), info.version(),
                    started, ended, streamBytes(facts[0]), got.bytes(), got.sha256(), "zstd",
                    counts, fromReplica, null);
            StoredBackup stored = partial.commit(meta);
            progress.step(source.name(), "backup " + id + ": " + meta.storedBytes() + " bytes, GTID " + gtid + ", sha256 " + meta.sha256());
            return stored;
        } finally {
            try {
                if (restartSql) sql.execute("START SLAVE SQL_THREAD");
            } finally {
                cleanUp(source, scratch);
            }
        }
    }

    /**
     * The store has room for a backup as large as the last one of this server (of any server of the cluster when this
     * one has none: they hold the same data) plus a margin. Without an earlier backup there is nothing to size it
     * by: it is said, and the backup goes ahead (a full disk still fails it cleanly).
     */
    private void checkRoom(DbServer source) {
        List<BackupMetadata> earlier = store.list().stream().map(StoredBackup::metadata).filter(m -> m != null && m.storedBytes() > 0).toList();
        Optional<BackupMetadata> like = earlier.stream().filter(m -> m.server().equals(source.name())).reduce((a, b) -> b)
                .or(() -> earlier.stream().reduce((a, b) -> b));
        if (like.isEmpty()) {
            progress.step(source.name(), "free space in " + store.location() + " not checked: no earlier backup to size this one by");
            return;
        }
        BackupMetadata m = like.get();
        Room.require(store.freeBytes(), Room.withMargin(m.storedBytes()), "the backup of " + source.name(), store.location(),
                "backup " + m.id() + " of " + m.server() + " stored " + Room.bytes(m.storedBytes()),
                "Delete old backups (rolestack backup prune, backups.retention) or give the target more space.");
    }

    /**
     * mariadb-backup's mbstream compressed on the host. zstd counts what it read ({@code -vv} ends its log with
     * {@code (N B => M B, ...)}): no second copy of the stream through a {@code tee} for the uncompressed size.
     * {@code pipefail}: a failed mariadb-backup fails the command even though zstd ends well.
     */
    private static String streamScript(DbServer source, String scratch, boolean fromReplica) {
        String opts = source.layout().clientOptions().isBlank() ? "" : " " + source.layout().clientOptions().strip();
        return "mariadb-backup --backup --user=root" + opts + " --stream=mbstream" + (fromReplica ? " --slave-info" : "")
                + " --extra-lsndir=" + scratch + "/info --target-dir=" + scratch + "/tmp 2>" + scratch + "/log"
                + " | zstd -vv -c -3 -T2 2>" + scratch + "/zstd.log";
    }

    private static Thread daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    /** The counts once taken; their failure as it was thrown (a {@link RemoteException} names the host). */
    private static Map<String, Long> rowCounts(CompletableFuture<Map<String, Long>> counting) {
        try {
            return counting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /** The uncompressed size zstd reported, -1 when its log does not say (another zstd's format). */
    static long streamBytes(String zstdLog) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d+) B => \\d+ B").matcher(zstdLog);
        long bytes = -1;
        while (m.find()) bytes = Long.parseLong(m.group(1));
        return bytes;
    }

    private static void cleanUp(DbServer source, String scratch) {
        try {
            source.remote().exec(Command.sudo("rm -rf " + Shell.quote(scratch)));
        } catch (RemoteException e) {
            // the scratch dir is small and under /var/tmp; the backup's own outcome is what to report
        }
    }

    /** Start time and source: ids sort by time; a second backup in the same second gets a suffix. */
    private String newId(DbServer source, Instant at) {
        String base = ID_TIME.format(at) + "-" + source.host().shortName();
        String id = base;
        for (int i = 2; store.contains(id); i++) id = base + "-" + i;
        return id;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
