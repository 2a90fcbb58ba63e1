package io.rolestack.platform.watch;

import io.rolestack.platform.backup.BackupReport;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The spec's {@code backups.schedule}: a MariaDB backup ({@code rolestack backup db}, restore-tested unless the
 * spec says {@code verify: false}), then retention ({@code rolestack backup prune}) only when the backup is good:
 * a night whose backup failed deletes nothing.
 */
public final class BackupJob implements ScheduledJob {
    /** The spec block's name: the job's key in the state file and in {@code H}'s seed. */
    public static final String NAME = "backups";

    private final JobTiming timing;
    private final Supplier<BackupReport> backup;
    private final Supplier<BackupReport> prune;

    public BackupJob(JobTiming timing, Supplier<BackupReport> backup, Supplier<BackupReport> prune) {
        this.timing = Objects.requireNonNull(timing, "timing");
        this.backup = Objects.requireNonNull(backup, "backup");
        this.prune = Objects.requireNonNull(prune, "prune");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JobTiming timing() {
        return timing;
    }

    @Override
    public JobOutcome run() {
        BackupReport b = backup.get();
        if (!b.ok()) return JobOutcome.failed("backup failed: " + b.message() + "; nothing pruned");
        BackupReport p = prune.get();
        return new JobOutcome(p.ok(), "backup ok: " + b.message() + "; prune " + (p.ok() ? "ok: " : "failed: ") + p.message());
    }
}
