package io.rolestack.mariadb.backup;

import io.rolestack.core.events.Progress;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.RemoteException;
import io.rolestack.core.remote.Shell;
import io.rolestack.mariadb.server.DbServer;
import io.rolestack.mariadb.server.SqlClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The restore test. The stored file is streamed from its {@link BackupStore} to a scratch directory on a db host (whose mariadb-backup and
 * mariadbd are the cluster's version, which prepare and restore need), its sha256 recomputed on the way; there it
 * is unpacked, prepared ({@code mariadb-backup --prepare}) and started as a throwaway server: its own datadir and
 * socket, no network, no grant checks, no replica start, no binlog, no event scheduler. Every table gets CHECK
 * TABLE and every application table's exact row count must equal the count recorded on the source at the
 * backup's GTID. The verdict goes into the backup's metadata, atomically; only a pass makes a backup valid.
 * The scratch directory (as large as the unpacked backup) is removed at the end, pass or fail.
 */
public final class BackupVerifier {
    static final Duration RESTORE_TIMEOUT = Duration.ofHours(6);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private final BackupStore store;
    private final Progress progress;
    private final Clock clock;
    private final String scratchDir;

    /** @param scratchDir a directory on the db host with room for the unpacked backup ({@code /var/tmp}) */
    public BackupVerifier(BackupStore store, Progress progress, Clock clock, String scratchDir) {
        this.store = store;
        this.progress = progress;
        this.clock = clock;
        this.scratchDir = scratchDir;
    }

    /** Tests {@code backup} on {@code host} and records the verdict; returns the backup as now stored. */
    public StoredBackup verify(StoredBackup backup, DbServer host) {
        BackupMetadata meta = backup.readable().orElseThrow(() -> new BackupException(backup.id() + ": " + backup.problem()));
        if (meta.streamBytes() > 0) {
            // Unpacked, a backup is as large as its mbstream (prepare applies the redo log in place). No room is no
            // verdict on the backup: the test cannot run, the command fails, the backup keeps the verdict it had.
            Room.require(Room.freeOnHost(host.remote(), scratchDir), Room.withMargin(meta.streamBytes()),
                    "the restore test of " + backup.id(), host.name() + ":" + scratchDir, "it unpacks to " + Room.bytes(meta.streamBytes()),
                    "Free space there, then test it again (rolestack backup verify " + backup.id() + ").");
        }
        Instant start = clock.instant();
        Verification v;
        try {
            v = run(backup, meta, host, start);
        } catch (RuntimeException e) {
            v = new Verification(clock.instant(), host.name(), false, true, 0, Duration.between(start, clock.instant()), e.getMessage());
        }
        progress.step(host.name(), "restore test of " + backup.id() + ": " + (v.ok() ? "passed" : "FAILED") + ": " + v.message());
        return store.update(backup, meta.withVerification(v));
    }

    private Verification run(StoredBackup backup, BackupMetadata meta, DbServer host, Instant start) {
        String t = host.remote().run(Command.sudo("d=$(mktemp -d " + Shell.quote(scratchDir + "/rolestack-verify.XXXXXX")
                + ") && mkdir $d/data && echo $d")).stdout().strip();
        try {
            progress.step(host.name(), "restore test of " + backup.id() + ": unpacking into " + t);
            BackupStore.Sent sent = store.send(backup, host.remote(),
                    Command.sudo("bash -o pipefail -c " + Shell.quote("zstd -q -d -c | mbstream -x -C " + t + "/data")).withTimeout(RESTORE_TIMEOUT));
            ExecResult unpack = sent.result();
            if (!sent.sha256().equals(meta.sha256())) {
                return new Verification(clock.instant(), host.name(), false, false, 0, Duration.between(start, clock.instant()),
                        "checksum mismatch: " + store.dataLocation(backup) + " has sha256 " + sent.sha256()
                                + ", recorded " + meta.sha256() + " when it was written: the file changed or is damaged");
            }
            if (!unpack.ok()) throw new BackupException(host.name() + ": unpacking failed (exit " + unpack.exitCode() + "): " + unpack.stderr().strip());
            progress.step(host.name(), "restore test of " + backup.id() + ": mariadb-backup --prepare");
            host.remote().run(Command.sudo("mariadb-backup --prepare --target-dir=" + t + "/data >" + t + "/prepare.log 2>&1"
                    + " || { tail -20 " + t + "/prepare.log >&2; exit 1; }").withTimeout(RESTORE_TIMEOUT));
            host.remote().run(Command.sudo(startScript(t, host.layout().owner())).withTimeout(START_TIMEOUT.plusMinutes(1)));
            SqlClient sql = new SqlClient(host.remote(), "--socket=" + t + "/sock");
            List<Tables.Table> all = Tables.list(sql, true);
            progress.step(host.name(), "restore test of " + backup.id() + ": CHECK TABLE on " + all.size() + " tables");
            List<String> problems = new ArrayList<>(Tables.check(sql, all));
            Map<String, Long> restored = Tables.count(sql, Tables.list(sql, false));
            String counts;
            if (meta.rowCountsRecorded()) {
                problems.addAll(differences(meta.rowCounts(), restored));
                counts = "row counts of " + restored.size() + " tables match the source at GTID " + meta.gtid();
            } else {
                counts = "row counts not compared (a lone primary's backup has none recorded)";
            }
            host.remote().exec(Command.sudo("mariadb-admin --socket=" + t + "/sock shutdown").withTimeout(START_TIMEOUT));
            boolean ok = problems.isEmpty();
            String message = ok ? "sha256 ok, prepared, started, CHECK TABLE ok on " + all.size() + " tables, " + counts
                    : problems.size() + " problem(s): " + String.join("; ", problems.subList(0, Math.min(8, problems.size())));
            return new Verification(clock.instant(), host.name(), ok, true, all.size(), Duration.between(start, clock.instant()), message);
        } finally {
            try {
                host.remote().exec(Command.sudo("[ ! -f " + t + "/pid ] || kill -9 $(cat " + t + "/pid) 2>/dev/null; rm -rf " + Shell.quote(t)));
            } catch (RemoteException e) {
                // the verdict matters more; the scratch dir is in /var/tmp
            }
        }
    }

    /** The throwaway server: nothing of it reaches the network, the host's own server or replication. */
    static String startScript(String t, String owner) {
        return "chown -R " + Shell.quote(owner) + " " + t
                + " && setsid mariadbd --defaults-file=" + t + "/data/backup-my.cnf --datadir=" + t + "/data --socket=" + t + "/sock"
                + " --pid-file=" + t + "/pid --log-error=" + t + "/error.log --tmpdir=" + t + " --user=" + Shell.quote(owner)
                + " --skip-networking --skip-grant-tables --skip-slave-start --skip-log-bin --event-scheduler=DISABLED"
                + " --innodb-buffer-pool-size=128M </dev/null >>" + t + "/out.log 2>&1 & p=$!; i=0;"
                + " until mariadb-admin --socket=" + t + "/sock ping >/dev/null 2>&1; do"
                + " kill -0 $p 2>/dev/null || { echo 'the throwaway server exited:' >&2; tail -20 " + t + "/error.log >&2; exit 1; };"
                + " i=$((i+1)); [ $i -lt " + START_TIMEOUT.toSeconds() * 5 + " ] || { echo 'the throwaway server did not answer:' >&2; tail -20 " + t + "/error.log >&2; exit 1; };"
                + " sleep 0.2; done";
    }

    /** Tables missing on either side and counts that differ, by table. */
    static List<String> differences(Map<String, Long> source, Map<String, Long> restored) {
        List<String> out = new ArrayList<>();
        for (String table : new TreeSet<>(union(source, restored))) {
            Long s = source.get(table);
            Long r = restored.get(table);
            if (s == null) out.add(table + ": in the restore, not on the source");
            else if (r == null) out.add(table + ": on the source (" + s + " rows), missing from the restore");
            else if (!s.equals(r)) out.add(table + ": " + r + " rows restored, " + s + " on the source at the backup's GTID");
        }
        return out;
    }

    private static java.util.Set<String> union(Map<String, Long> a, Map<String, Long> b) {
        java.util.Set<String> s = new TreeSet<>(a.keySet());
        s.addAll(b.keySet());
        return s;
    }
}
