package io.rolestack.platform.backup;

import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.mariadb.backup.BackupException;
import io.rolestack.mariadb.backup.BackupStore;
import io.rolestack.mariadb.backup.MariaDbBackups;
import io.rolestack.mariadb.backup.Retention;
import io.rolestack.mariadb.backup.StoredBackup;
import io.rolestack.platform.InvalidRequestException;
import io.rolestack.platform.PlatformContext;
import io.rolestack.platform.db.ClusterSessions;
import io.rolestack.vm.VmProvider;

import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The backup operations on the spec's MariaDB cluster and its {@code backups:} settings (docs/backups.md).
 * {@code list} and {@code prune} read only the target directory and reach no host. Bad input (no
 * {@code backups:} or {@code database:} section, an unknown backup id) is refused before any host is reached;
 * a failure on a host or in the directory is a report that is not ok.
 */
public final class BackupRun {
    private final PlatformContext context;
    private final Clock clock;

    public BackupRun(PlatformContext context, Clock clock) {
        this.context = context;
        this.clock = clock;
    }

    public PlatformSpec.Backups settings() {
        return context.spec().backups().orElseThrow(() -> new InvalidRequestException(context.spec().source()
                + ": no backups: section (backups: {target: {dir: PATH}}, docs/backups.md)"));
    }

    /** A backup from a replica, restore-tested unless {@code backups.verify} is false. */
    public BackupReport db() {
        PlatformSpec.Backups b = settings();
        new ClusterSessions(context).database();
        BackupStore store = new BackupStore(b.targetDir());
        return onCluster(store, "db", backups -> {
            StoredBackup s = backups.backup(b.verify());
            boolean ok = !b.verify() || s.valid();
            String msg = "backup " + s.id() + " of " + s.metadata().server() + " at GTID " + s.metadata().gtid()
                    + (b.verify() ? ": restore test " + (s.valid() ? "passed: " : "FAILED: ") + s.metadata().verification().message()
                    : ": not restore-tested (backups.verify: false)");
            return new BackupReport("db", ok, msg, store.dir(), List.of(s), Optional.empty());
        });
    }

    /** The restore test of one backup (the newest when {@code id} is empty). */
    public BackupReport verify(Optional<String> id) {
        PlatformSpec.Backups b = settings();
        new ClusterSessions(context).database();
        BackupStore store = new BackupStore(b.targetDir());
        if (id.isPresent()) {
            try {
                store.get(id.get());
            } catch (BackupException e) {
                throw new InvalidRequestException(e.getMessage());
            }
        } else if (store.list().isEmpty()) {
            throw new InvalidRequestException("no backup in " + store.dir() + " to verify");
        }
        return onCluster(store, "verify", backups -> {
            StoredBackup s = backups.verify(id);
            String msg = "backup " + s.id() + ": restore test " + (s.valid() ? "passed: " : "FAILED: ") + s.metadata().verification().message();
            return new BackupReport("verify", s.valid(), msg, store.dir(), List.of(s), Optional.empty());
        });
    }

    public BackupReport list() {
        BackupStore store = new BackupStore(settings().targetDir());
        List<StoredBackup> all = store.list();
        long valid = all.stream().filter(StoredBackup::valid).count();
        return new BackupReport("list", true, all.size() + " backup(s), " + valid + " valid, in " + store.dir(), store.dir(), all, Optional.empty());
    }

    /** Retention of {@code backups.retention} (never below one valid backup); {@code dryRun} deletes nothing. */
    public BackupReport prune(boolean dryRun) {
        PlatformSpec.Backups b = settings();
        BackupStore store = new BackupStore(b.targetDir());
        if (!Files.isDirectory(store.dir())) {
            return new BackupReport("prune", true, "no backups yet in " + store.dir(), store.dir(), List.of(), Optional.empty());
        }
        Retention retention = new Retention(b.retention().keep(), b.retention().maxAge());
        try {
            MariaDbBackups.PruneResult r = new MariaDbBackups(null, store, context.options().progress(), clock).prune(retention, dryRun);
            return new BackupReport("prune", true, (dryRun ? "would delete " : "deleted ") + r.deleted().size() + " backup(s) of "
                    + r.decisions().size() + " in " + store.dir(), store.dir(), store.list(), Optional.of(r));
        } catch (BackupException e) {
            return new BackupReport("prune", false, e.getMessage(), store.dir(), List.of(), Optional.empty());
        }
    }

    private BackupReport onCluster(BackupStore store, String operation, Function<MariaDbBackups, BackupReport> work) {
        ClusterSessions clusters = new ClusterSessions(context);
        try (VmProvider provider = context.openProvider(); PlatformAccess access = context.openAccess(provider)) {
            MariaDbBackups backups = new MariaDbBackups(clusters.cluster(access, access.inventory()), store,
                    context.options().progress(), clock);
            return work.apply(backups);
        } catch (InvalidRequestException e) {
            throw e;
        } catch (RuntimeException e) {
            return new BackupReport(operation, false, e.getMessage(), store.dir(), List.of(), Optional.empty());
        }
    }
}
