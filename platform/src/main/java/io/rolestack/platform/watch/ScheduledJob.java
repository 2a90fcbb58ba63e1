package io.rolestack.platform.watch;

/**
 * One kind of work {@code rolestack watch} runs when its {@link JobTiming} says so: today the patch run
 * ({@link PatchJob}) and the backup ({@link BackupJob}). App deploys on a moved git ref are {@link AppWatch}es,
 * polled every interval instead.
 */
public interface ScheduledJob {
    /**
     * Stable and unique among the jobs of a spec: the key in the state file and part of the seed of {@code H}.
     * The spec block's name ({@code patching}); renaming a job loses its history.
     */
    String name();

    JobTiming timing();

    /**
     * Runs once. A failure is an outcome or an exception: either way it is reported and watching goes on.
     * Called from the watcher's one thread, never twice at once.
     */
    JobOutcome run();
}
