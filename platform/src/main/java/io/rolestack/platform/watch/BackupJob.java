package io.rolestack.platform.watch;

import io.rolestack.platform.backup.BackupReport;
import io.rolestack.platform.backup.SearchBackupReport;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A backup of the spec, then its retention only when the backup is good: a night whose backup failed deletes
 * nothing. {@link #db}: {@code backups.schedule}, a MariaDB backup ({@code rolestack backup db}, restore-tested unless
 * {@code verify: false}) then {@code rolestack backup prune}; {@link #search}: {@code backups.search.schedule}, a
 * search snapshot ({@code rolestack backup search}) then {@code rolestack backup search prune}.
 */
public final class BackupJob implements ScheduledJob {
    /** The spec blocks' names: the jobs' keys in the state file and in {@code H}'s seed. */
    public static final String NAME = "backups";
    public static final String SEARCH_NAME = "backups.search";

    /** What a backup or a prune said. */
    private record Step(boolean ok, String message) {
    }

    private final String name;
    private final String what;
    private final JobTiming timing;
    private final Supplier<Step> backup;
    private final Supplier<Step> prune;

    private BackupJob(String name, String what, JobTiming timing, Supplier<Step> backup, Supplier<Step> prune) {
        this.name = name;
        this.what = what;
        this.timing = Objects.requireNonNull(timing, "timing");
        this.backup = Objects.requireNonNull(backup, "backup");
        this.prune = Objects.requireNonNull(prune, "prune");
    }

    public static BackupJob db(JobTiming timing, Supplier<BackupReport> backup, Supplier<BackupReport> prune) {
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(prune, "prune");
        return new BackupJob(NAME, "backup", timing, () -> step(backup.get()), () -> step(prune.get()));
    }

    public static BackupJob search(JobTiming timing, Supplier<SearchBackupReport> snapshot, Supplier<SearchBackupReport> prune) {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(prune, "prune");
        return new BackupJob(SEARCH_NAME, "search snapshot", timing, () -> step(snapshot.get()), () -> step(prune.get()));
    }

    private static Step step(BackupReport r) {
        return new Step(r.ok(), r.message());
    }

    private static Step step(SearchBackupReport r) {
        return new Step(r.ok(), r.message());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public JobTiming timing() {
        return timing;
    }

    @Override
    public JobOutcome run() {
        Step b = backup.get();
        if (!b.ok()) return JobOutcome.failed(what + " failed: " + b.message() + "; nothing pruned");
        Step p = prune.get();
        return new JobOutcome(p.ok(), what + " ok: " + b.message() + "; prune " + (p.ok() ? "ok: " : "failed: ") + p.message());
    }
}
