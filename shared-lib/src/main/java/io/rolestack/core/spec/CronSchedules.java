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
