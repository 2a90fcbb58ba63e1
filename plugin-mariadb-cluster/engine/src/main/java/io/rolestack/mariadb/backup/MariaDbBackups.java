package io.rolestack.mariadb.backup;

import io.rolestack.core.events.Progress;
import io.rolestack.mariadb.MariaDbCluster;
import io.rolestack.mariadb.server.DbServer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Backups of one MariaDB cluster into one {@link BackupStore}: take (and restore-test), restore-test, list,
 * prune. Every run that writes the store holds its lock ({@link BackupStore#lock()}).
 */
public final class MariaDbBackups {
    public static final String DEFAULT_SCRATCH = "/var/tmp";

    private final MariaDbCluster cluster;
    private final BackupStore store;
    private final Progress progress;
    private final Clock clock;
    private String scratchDir = DEFAULT_SCRATCH;

    /** @param cluster the servers; null when only {@link #list()} and {@link #prune} are used (they reach no host) */
    public MariaDbBackups(MariaDbCluster cluster, BackupStore store, Progress progress, Clock clock) {
        this.cluster = cluster;
        this.store = store;
        this.progress = progress == null ? Progress.NONE : progress;
        this.clock = clock;
    }

    /** Where on the db hosts mariadb-backup's work files and the restore test's unpacked copy go. */
    public MariaDbBackups scratchDir(String dir) {
        if (!dir.startsWith("/")) throw new IllegalArgumentException("scratch dir must be absolute: " + dir);
        this.scratchDir = dir;
        return this;
    }

    public BackupStore store() {
        return store;
    }

    /** A backup from a replica ({@link BackupSource}), then, when {@code verify}, its restore test on that replica. */
    public StoredBackup backup(boolean verify) {
        try (BackupStore.Lock lock = store.lock()) {
            BackupSource source = BackupSource.choose(cluster().status());
            DbServer server = server(source.host());
            progress.step(server.name(), "backup from " + (source.fromReplica() ? "replica" : "the only server (primary)"));
            StoredBackup b = new BackupTaker(store, progress, clock, scratchDir).take(server, source.fromReplica());
            return verify ? new BackupVerifier(store, progress, clock, scratchDir).verify(b, server) : b;
        }
    }

    /** Restore-tests a backup (the newest when {@code id} is empty) on a healthy replica, or the lone primary. */
    public StoredBackup verify(Optional<String> id) {
        try (BackupStore.Lock lock = store.lock()) {
            StoredBackup b = id.map(store::get).orElseGet(() -> newest().orElseThrow(
                    () -> new BackupException("no backup in " + store.location() + " to verify")));
            DbServer host = server(BackupSource.choose(cluster().status()).host());
            return new BackupVerifier(store, progress, clock, scratchDir).verify(b, host);
        }
    }

    public List<StoredBackup> list() {
        return store.list();
    }

    /**
     * Applies {@code retention}. First every valid backup's file is hashed again: one whose sha256 no longer
     * matches is marked invalid (recorded) and does not count. Then {@link Retention#decide}; then the
     * deletions (none with {@code dryRun}) and the leftovers of runs that died.
     */
    public PruneResult prune(Retention retention, boolean dryRun) {
        try (BackupStore.Lock lock = store.lock()) {
            List<StoredBackup> backups = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (StoredBackup b : store.list()) {
                if (b.valid()) {
                    String actual = store.sha256(b);
                    if (!actual.equals(b.metadata().sha256())) {
                        String why = "checksum mismatch: " + store.dataLocation(b) + " has sha256 " + actual + ", recorded " + b.metadata().sha256();
                        notes.add(b.id() + ": " + why + "; no longer valid");
                        b = dryRun ? new StoredBackup(b.id(), b.dir(), b.metadata().withVerification(failed(b, why)), "")
                                : store.update(b, b.metadata().withVerification(failed(b, why)));
                    }
                }
                backups.add(b);
            }
            List<Retention.Decision> decisions = retention.decide(backups, clock.instant());
            if (!dryRun) {
                for (Retention.Decision d : decisions) {
                    if (d.delete()) {
                        store.delete(store.get(d.id()));
                        progress.step(store.location(), "deleted backup " + d.id() + ": " + d.reason());
                    }
                }
                for (String left : store.leftovers()) {
                    store.deleteLeftover(left);
                    notes.add("removed " + left + " (left by a run that did not finish)");
                }
            }
            return new PruneResult(decisions, notes, dryRun);
        }
    }

    private Verification failed(StoredBackup b, String why) {
        return new Verification(clock.instant(), "", false, false, 0, java.time.Duration.ZERO, why);
    }

    private Optional<StoredBackup> newest() {
        return store.list().stream().filter(b -> b.metadata() != null)
                .max(Comparator.comparing(b -> b.metadata().endedAt()));
    }

    private MariaDbCluster cluster() {
        if (cluster == null) throw new IllegalStateException("no cluster given: only list and prune work without one");
        return cluster;
    }

    private DbServer server(String fqdn) {
        return cluster().servers().stream().filter(s -> s.name().equals(fqdn)).findFirst()
                .orElseThrow(() -> new BackupException(fqdn + " is not a server of the cluster"));
    }

    /** What a prune did (or would do, dry run). */
    public record PruneResult(List<Retention.Decision> decisions, List<String> notes, boolean dryRun) {
        public List<String> deleted() {
            return decisions.stream().filter(Retention.Decision::delete).map(Retention.Decision::id).toList();
        }
    }
}
