package io.rolestack.core.time;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them, the one syntax of every spec field, CLI option
 * and step argument: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h},
 * {@code 1d}, or a bare number of seconds; case and a space before the unit do
 * not matter. Callers check their own range and name their input in errors.
 */
public final class DurationText {
    /** What an error shows as examples. */
    public static final String EXAMPLES = "500ms, 10s, 30m, 2h, 1d";
    /** More of any unit is refused rather than overflowing (a billion days is still a Duration; more may not be). */
    static final long MAX_AMOUNT = 1_000_000_000L;
    private static final Pattern SYNTAX = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private DurationText() {
    }

    /**
     * @throws IllegalArgumentException "is not a duration (like …)" or "is too large", for the caller to
     *                                  put after the input's name and value
     */
    public static Duration parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException("is not a duration (like " + EXAMPLES + ")");
        String digits = m.group(1);
        if (digits.length() > 10 || Long.parseLong(digits) > MAX_AMOUNT) throw new IllegalArgumentException("is too large");
        long n = Long.parseLong(digits);
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
