package io.rolestack.platform.backup;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.mariadb.backup.BackupException;
import io.rolestack.mariadb.backup.BackupStore;
import io.rolestack.mariadb.backup.DirectoryBackupStore;
import io.rolestack.mariadb.backup.HostBackupStore;
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
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The backup operations on the spec's MariaDB cluster and its {@code backups:} settings (docs/backups.md).
 * {@code list} and {@code prune} reach only the target: a directory here, or a backup host (docs/backups.md). Bad input (no
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
                + ": no backups: section (backups: {target: {dir: PATH}} or {target: {host: backup1}}, docs/backups.md)"));
    }

    /** A backup from a replica, restore-tested unless {@code backups.verify} is false. */
    public BackupReport db() {
        PlatformSpec.Backups b = settings();
        new ClusterSessions(context).database();
        return onCluster("db", store -> { }, (store, backups) -> {
            StoredBackup s = backups.backup(b.verify());
            boolean ok = !b.verify() || s.valid();
            String msg = "backup " + s.id() + " of " + s.metadata().server() + " at GTID " + s.metadata().gtid()
                    + (b.verify() ? ": restore test " + (s.valid() ? "passed: " : "FAILED: ") + s.metadata().verification().message()
                    : ": not restore-tested (backups.verify: false)");
            return new BackupReport("db", ok, msg, store.location(), List.of(s), Optional.empty());
        });
    }

    /** The restore test of one backup (the newest when {@code id} is empty). */
    public BackupReport verify(Optional<String> id) {
        settings();
        new ClusterSessions(context).database();
        // an unknown id or an empty store is bad input, said before any db host is touched
        Consumer<BackupStore> known = store -> {
            if (id.isPresent()) {
                try {
                    store.get(id.get());
                } catch (BackupException e) {
                    throw new InvalidRequestException(e.getMessage());
                }
            } else if (store.list().isEmpty()) {
                throw new InvalidRequestException("no backup in " + store.location() + " to verify");
            }
        };
        // a directory here is checked before anything opens; a backup host once reached, before the cluster is
        boolean here = settings().target().host().isEmpty();
        if (here) known.accept(store(null));
        return onCluster("verify", here ? store -> { } : known, (store, backups) -> {
            StoredBackup s = backups.verify(id);
            String msg = "backup " + s.id() + ": restore test " + (s.valid() ? "passed: " : "FAILED: ") + s.metadata().verification().message();
            return new BackupReport("verify", s.valid(), msg, store.location(), List.of(s), Optional.empty());
        });
    }

    /** Every backup of the target; reaches no host but a backup host that is the target. */
    public BackupReport list() {
        settings();
        return onStore("list", store -> {
            List<StoredBackup> all = store.list();
            long valid = all.stream().filter(StoredBackup::valid).count();
            return new BackupReport("list", true, all.size() + " backup(s), " + valid + " valid, in " + store.location(), store.location(), all,
                    Optional.empty());
        });
    }

    /** Retention of {@code backups.retention} (never below one valid backup); {@code dryRun} deletes nothing. */
    public BackupReport prune(boolean dryRun) {
        PlatformSpec.Backups b = settings();
        if (b.target().host().isEmpty() && !Files.isDirectory(b.target().dir())) {
            return new BackupReport("prune", true, "no backups yet in " + b.target(), b.target().toString(), List.of(), Optional.empty());
        }
        Retention retention = new Retention(b.retention().keep(), b.retention().maxAge());
        return onStore("prune", store -> {
            MariaDbBackups.PruneResult r = new MariaDbBackups(null, store, context.options().progress(), clock).prune(retention, dryRun);
            return new BackupReport("prune", true, (dryRun ? "would delete " : "deleted ") + r.deleted().size() + " backup(s) of "
                    + r.decisions().size() + " in " + store.location(), store.location(), store.list(), Optional.of(r));
        });
    }

    /**
     * The target as a store: a directory here, or a backup host's directory reached through {@code access} (opened
     * only then; null when the target is a directory).
     */
    private BackupStore store(PlatformAccess access) {
        PlatformSpec.BackupTarget t = settings().target();
        return t.host().isEmpty() ? new DirectoryBackupStore(t.dir()) : new HostBackupStore(targetHost(t, access), t.dir().toString());
    }

    /** The session to the target's backup host (a host of the spec, so of the inventory once applied). */
    static Remote targetHost(PlatformSpec.BackupTarget t, PlatformAccess access) {
        HostName name = t.host().orElseThrow();
        Host h = access.inventory().host(name).orElseThrow(() -> new IllegalStateException("backup host " + name.shortName()
                + " does not exist (the provider has no such host; rolestack apply creates it)"));
        return access.apply(h);
    }

    /** list and prune: the store alone; a backup host target is reached through the jump host, nothing else is. */
    private BackupReport onStore(String operation, Function<BackupStore, BackupReport> work) {
        PlatformSpec.BackupTarget t = settings().target();
        if (t.host().isEmpty()) return guarded(operation, t, () -> work.apply(store(null)));
        return guarded(operation, t, () -> {
            try (VmProvider provider = context.openProvider(); PlatformAccess access = context.openAccess(provider)) {
                return work.apply(store(access));
            }
        });
    }

    /** {@code before} checks the store before the cluster is opened. */
    private BackupReport onCluster(String operation, Consumer<BackupStore> before, BiFunction<BackupStore, MariaDbBackups, BackupReport> work) {
        ClusterSessions clusters = new ClusterSessions(context);
        return guarded(operation, settings().target(), () -> {
            try (VmProvider provider = context.openProvider(); PlatformAccess access = context.openAccess(provider)) {
                BackupStore store = store(access);
                before.accept(store);
                return work.apply(store, new MariaDbBackups(clusters.cluster(access, access.inventory()), store,
                        context.options().progress(), clock));
            }
        });
    }

    /** Bad input is thrown; any other failure (a host, the store) is a report that is not ok. */
    private static BackupReport guarded(String operation, PlatformSpec.BackupTarget target, Supplier<BackupReport> work) {
        try {
            return work.get();
        } catch (InvalidRequestException e) {
            throw e;
        } catch (RuntimeException e) {
            return new BackupReport(operation, false, e.getMessage(), target.toString(), List.of(), Optional.empty());
        }
    }
}
