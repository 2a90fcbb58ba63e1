package io.rolestack.platform.watch;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the state file keeps of one job.
 *
 * @param watchedSince when a watcher first saw this job: slots before it were never watch's to run (no catch-up
 *                     of runs from before watch was set up)
 * @param lastSlot     the slot the last run was for (recorded before the run starts: a slot is run at most once)
 * @param lastStarted  when that run started
 * @param lastFinished when it ended; empty while it runs, or when the watcher died during it
 * @param lastResult   {@link Result}
 * @param lastSummary  the run's one-line summary
 */
public record JobRecord(Instant watchedSince, Optional<Instant> lastSlot, Optional<Instant> lastStarted,
                        Optional<Instant> lastFinished, Optional<Result> lastResult, Optional<String> lastSummary) {
    public enum Result {
        OK("ok"), FAILED("failed"), RUNNING("running"), INTERRUPTED("interrupted");

        private final String word;

        Result(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        static Optional<Result> of(String word) {
            for (Result r : values()) if (r.word.equals(word)) return Optional.of(r);
            return Optional.empty();
        }
    }

    public JobRecord {
        Objects.requireNonNull(watchedSince, "watchedSince");
        Objects.requireNonNull(lastSlot, "lastSlot");
        Objects.requireNonNull(lastStarted, "lastStarted");
        Objects.requireNonNull(lastFinished, "lastFinished");
        Objects.requireNonNull(lastResult, "lastResult");
        Objects.requireNonNull(lastSummary, "lastSummary");
    }

    public static JobRecord watchedSince(Instant t) {
        return new JobRecord(t, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Claimed before the run: this slot is taken whatever happens next. */
    public JobRecord started(Instant slot, Instant at) {
        return new JobRecord(watchedSince, Optional.of(slot), Optional.of(at), Optional.empty(), Optional.of(Result.RUNNING), Optional.empty());
    }

    public JobRecord finished(Instant at, JobOutcome outcome) {
        return new JobRecord(watchedSince, lastSlot, lastStarted, Optional.of(at),
                Optional.of(outcome.ok() ? Result.OK : Result.FAILED), Optional.of(outcome.summary()));
    }

    /** A run the last watcher left RUNNING: it died during it. */
    public JobRecord interrupted() {
        return new JobRecord(watchedSince, lastSlot, lastStarted, lastFinished, Optional.of(Result.INTERRUPTED),
                Optional.of("watch stopped during this run; it is not re-run"));
    }

    /** Slots at or before this one are done (or were never watch's): a later slot is due. */
    public Instant coveredUntil() {
        return lastSlot.filter(s -> s.isAfter(watchedSince)).orElse(watchedSince);
    }
}
