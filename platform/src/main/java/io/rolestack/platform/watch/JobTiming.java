package io.rolestack.platform.watch;

import java.time.Instant;
import java.util.Optional;

/**
 * When a {@link ScheduledJob} is due: a set of instants ("slots"), today a cron schedule; the watcher only asks these
 * two questions. Polled apps ({@link AppWatch}) are not slots: a poll that finds nothing is not a run to record.
 */
public interface JobTiming {
    /** The first slot strictly after {@code t}; empty when there is none (a cron that never fires again). */
    Optional<Instant> nextAfter(Instant t);

    /** The last slot at or before {@code t}; empty when there is none. */
    Optional<Instant> latestAtOrBefore(Instant t);

    /** For logs: the schedule as written and, when different, as used. */
    String describe();
}
