package io.rolestack.platform.watch;

import io.rolestack.platform.backup.SearchBackupReport;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The spec's {@code backups.search.schedule}: a search snapshot ({@code rolestack backup search}, restore-tested
 * unless {@code backups.search.verify: false}), then its retention ({@code rolestack backup search prune}) only when
 * the snapshot is good, as {@link BackupJob} does for MariaDB: a night whose snapshot failed deletes nothing.
 */
public final class SearchBackupJob implements ScheduledJob {
    /** The spec block's name: the job's key in the state file and in {@code H}'s seed. */
    public static final String NAME = "backups.search";

    private final JobTiming timing;
    private final Supplier<SearchBackupReport> snapshot;
    private final Supplier<SearchBackupReport> prune;

    public SearchBackupJob(JobTiming timing, Supplier<SearchBackupReport> snapshot, Supplier<SearchBackupReport> prune) {
        this.timing = Objects.requireNonNull(timing, "timing");
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
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
        SearchBackupReport s = snapshot.get();
        if (!s.ok()) return JobOutcome.failed("search snapshot failed: " + s.message() + "; nothing pruned");
        SearchBackupReport p = prune.get();
        return new JobOutcome(p.ok(), "search snapshot ok: " + s.message() + "; prune " + (p.ok() ? "ok: " : "failed: ") + p.message());
    }
}
