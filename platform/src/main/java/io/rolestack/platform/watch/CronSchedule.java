package io.rolestack.platform.watch;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.rolestack.core.spec.HashedCron;
import io.rolestack.platform.InvalidRequestException;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * A 5-field Unix cron expression (Jenkins' {@code H} allowed, see {@link HashedCron}) evaluated in a time zone,
 * as cron and Jenkins do: on the wall clock of the machine that runs it. cron-utils computes the times.
 */
public final class CronSchedule implements JobTiming {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String expression;
    private final String resolved;
    private final ZoneId zone;
    private final ExecutionTime times;

    private CronSchedule(String expression, String resolved, ZoneId zone, ExecutionTime times) {
        this.expression = expression;
        this.resolved = resolved;
        this.zone = zone;
        this.times = times;
    }

    /**
     * @param expression the schedule as the spec has it
     * @param seed       what {@code H} is hashed from: {@code <environment>/<job>}
     * @param zone       whose wall clock the fields are read on
     */
    public static CronSchedule parse(String expression, String seed, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        try {
            String resolved = HashedCron.resolve(expression, seed);
            return new CronSchedule(expression.trim(), resolved, zone, ExecutionTime.forCron(UNIX.parse(resolved).validate()));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("schedule '" + expression + "': " + e.getMessage());
        }
    }

    /** As written in the spec, {@code H} kept (what Jenkins' cron trigger takes). */
    public String expression() {
        return expression;
    }

    /** With every {@code H} replaced by this schedule's seed. */
    public String resolved() {
        return resolved;
    }

    public ZoneId zone() {
        return zone;
    }

    @Override
    public Optional<Instant> nextAfter(Instant t) {
        ZonedDateTime at = t.atZone(zone);
        Optional<ZonedDateTime> next = times.nextExecution(at);
        // Guard against an implementation that answers "at or after": the contract here is strictly after.
        while (next.isPresent() && !next.get().toInstant().isAfter(t)) {
            next = times.nextExecution(next.get().plusSeconds(1));
        }
        return next.map(ZonedDateTime::toInstant);
    }

    @Override
    public Optional<Instant> latestAtOrBefore(Instant t) {
        // Slots fall on whole minutes: the last one before the next whole minute is the last one at or before t.
        ZonedDateTime bound = t.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        Optional<ZonedDateTime> last = times.lastExecution(bound);
        while (last.isPresent() && last.get().toInstant().isAfter(t)) {
            last = times.lastExecution(last.get());
        }
        return last.map(ZonedDateTime::toInstant);
    }

    @Override
    public String describe() {
        return "'" + expression + "'" + (resolved.equals(String.join(" ", expression.split("\\s+"))) ? "" : " (H resolved: '" + resolved + "')")
                + " in " + zone.getId();
    }
}
