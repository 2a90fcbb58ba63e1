package io.rolestack.platform.watch;

import java.time.Instant;
import java.util.Optional;

/**
 * When a {@link ScheduledJob} is due: a set of instants ("slots"). A cron schedule is one; a polling interval
 * (git watch, issue 13) can be another: the watcher only asks these two questions.
 */
public interface JobTiming {
    /** The first slot strictly after {@code t}; empty when there is none (a cron that never fires again). */
    Optional<Instant> nextAfter(Instant t);

    /** The last slot at or before {@code t}; empty when there is none. */
    Optional<Instant> latestAtOrBefore(Instant t);

    /** For logs: the schedule as written and, when different, as used. */
    String describe();
}
