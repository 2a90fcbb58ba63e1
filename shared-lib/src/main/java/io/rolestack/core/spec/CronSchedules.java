package io.rolestack.core.spec;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;

import java.util.Optional;

/**
 * Checks a schedule as cron-utils reads Unix cron (5 fields: minute hour
 * day-of-month month day-of-week, names such as {@code SUN} allowed). Jenkins'
 * hash {@code H} (also {@code H(0-30)}, {@code H/15}) is accepted: Jenkins and
 * {@code rolestack watch} spread it; it is checked in Jenkins' forms and ranges ({@link HashedCron}).
 */
final class CronSchedules {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private CronSchedules() {
    }

    /** A spec's {@code schedule:} node, trimmed; one that is not a valid schedule is an error at its FILE:LINE:COLUMN. */
    static String read(SpecNode s) {
        String cron = s.string().trim();
        check(cron).ifPresent(why -> {
            throw s.error("schedule '" + cron + "': " + why);
        });
        return cron;
    }

    /** Empty when valid, else why not. {@code H} is resolved as {@code rolestack watch} resolves it (any seed will do). */
    static Optional<String> check(String schedule) {
        try {
            UNIX.parse(HashedCron.resolve(schedule, "validation")).validate();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }
}
