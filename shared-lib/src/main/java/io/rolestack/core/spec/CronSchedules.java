package io.rolestack.core.spec;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a schedule as cron-utils reads Unix cron (5 fields: minute hour
 * day-of-month month day-of-week, names such as {@code SUN} allowed). Jenkins'
 * hash {@code H} (also {@code H(0-30)}, {@code H/15}) is accepted: Jenkins and
 * {@code rolestack watch} spread it; it is checked as the range's start.
 */
final class CronSchedules {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Pattern HASH_RANGE = Pattern.compile("\\bH\\((\\d+)-\\d+\\)");
    private static final Pattern HASH = Pattern.compile("\\bH\\b");

    private CronSchedules() {
    }

    /** Empty when valid, else why not. */
    static Optional<String> check(String schedule) {
        String[] fields = schedule.trim().split("\\s+");
        if (fields.length != 5) {
            return Optional.of("must have 5 cron fields (minute hour day month weekday; H allowed), has " + fields.length);
        }
        String[] lowest = {"0", "0", "1", "1", "0"};
        StringBuilder unhashed = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            unhashed.append(i == 0 ? "" : " ").append(HASH.matcher(HASH_RANGE.matcher(fields[i]).replaceAll("$1")).replaceAll(lowest[i]));
        }
        try {
            UNIX.parse(unhashed.toString()).validate();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }
}
