package io.rolestack.platform.watch;

import java.time.Instant;
import java.util.Objects;

/**
 * Something {@code rolestack watch} did or decided, at a time of its clock.
 *
 * @param job the job's name, or empty for the watcher itself
 */
public record WatchEvent(Instant at, String job, Kind kind, String message) {
    public enum Kind {
        /** Started: the state file, and per job its schedule, last run and next slot. */
        WATCHING,
        /** A run of the last watch never finished (killed or crashed during it); it is not re-run. */
        INTERRUPTED,
        /** A slot has come (or was missed while watch was down: catch-up). */
        DUE,
        /** A polled app's ref is at a commit watch has not deployed (or the first poll): a deploy starts. */
        MOVED,
        /** A polled app's repo answers again after a reported failure to poll it. */
        RECOVERED,
        STARTED,
        SUCCEEDED,
        FAILED,
        /** The next slot of a job, after a run; or the next wake-up of the watcher when it goes to sleep. */
        NEXT,
        /** A stop was requested: the running job (if any) finishes, nothing new starts. */
        STOPPING,
        STOPPED
    }

    public WatchEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
