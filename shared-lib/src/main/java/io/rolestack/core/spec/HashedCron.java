package io.rolestack.core.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves Jenkins' hash token {@code H} in a 5-field cron expression to plain numbers cron-utils understands.
 * Jenkins spreads {@code H} by a hash of the job's full name; here the seed is {@code <environment>/<job>}
 * (e.g. {@code production/patching}), so every environment gets its own minute, and the same one on every run
 * and every machine. The forms and ranges are Jenkins' own:
 * <ul>
 *   <li>{@code H}: one value in the field's range (day of month 1-28 so it exists in every month, day of week 0-6);</li>
 *   <li>{@code H(a-b)}: one value in a..b;</li>
 *   <li>{@code H/n} and {@code H(a-b)/n}: every n, starting at a hashed offset below n ({@code s-e/n}).</li>
 * </ul>
 * The i-th {@code H} of the expression (from the left, 0-based) takes
 * {@code floorMod(first 8 bytes of SHA-256("<seed>#<i>") as a signed long, size of its range)}. Jenkins picks its
 * numbers differently (MD5 of the job name into java.util.Random), so Jenkins and {@code rolestack watch} choose
 * different minutes for the same {@code H}: both are stable, neither is the other's.
 *
 * <p>The spec's validation ({@link CronSchedules}) resolves with any seed: the ranges and forms it checks do not
 * depend on it. Errors are {@link IllegalArgumentException}s whose message names the field, not the expression
 * (the caller says which schedule).
 */
public final class HashedCron {
    private static final int[] LOW = {0, 0, 1, 1, 0};
    private static final int[] HIGH = {59, 23, 31, 12, 7};
    /** Jenkins' hashed ranges: day of month only to 28 (every month has it), day of week 0-6 (7 would repeat Sunday). */
    private static final int[] HASH_HIGH = {59, 23, 28, 12, 6};
    private static final String[] FIELD = {"minute", "hour", "day of month", "month", "day of week"};
    private static final Pattern TOKEN = Pattern.compile("H(?:\\((\\d+)-(\\d+)\\))?(?:/(\\d+))?");

    private HashedCron() {
    }

    /**
     * The expression with every {@code H} replaced; an expression without {@code H} comes back as it was (fields
     * single-spaced). Only {@code H} is checked here; cron-utils checks the rest.
     */
    public static String resolve(String expression, String seed) {
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("must have 5 cron fields (minute hour day month weekday; H allowed), has "
                    + fields.length);
        }
        int hashIndex = 0;
        StringBuilder out = new StringBuilder();
        for (int f = 0; f < 5; f++) {
            StringBuilder field = new StringBuilder();
            for (String element : fields[f].split(",", -1)) {
                if (field.length() > 0) field.append(',');
                if (!element.contains("H")) {
                    field.append(element);
                    continue;
                }
                Matcher m = TOKEN.matcher(element);
                if (!m.matches()) {
                    throw new IllegalArgumentException(FIELD[f] + " '" + element
                            + "': H must be H, H(a-b), H/n or H(a-b)/n");
                }
                int start = m.group(1) == null ? LOW[f] : Integer.parseInt(m.group(1));
                int end = m.group(2) == null ? HASH_HIGH[f] : Integer.parseInt(m.group(2));
                if (start < LOW[f] || end > HIGH[f] || start > end) {
                    throw new IllegalArgumentException(FIELD[f] + " '" + element
                            + "': range must lie within " + LOW[f] + "-" + HIGH[f] + ", low end first");
                }
                long pick = pick(seed, hashIndex++);
                if (m.group(3) == null) {
                    field.append(start + Math.floorMod(pick, end - start + 1));
                } else {
                    int step = Integer.parseInt(m.group(3));
                    if (step < 1 || step > end - start + 1) {
                        throw new IllegalArgumentException(FIELD[f] + " '" + element
                                + "': step must be between 1 and " + (end - start + 1));
                    }
                    field.append(start + Math.floorMod(pick, step)).append('-').append(end).append('/').append(step);
                }
            }
            out.append(f == 0 ? "" : " ").append(field);
        }
        return out.toString();
    }

    private static long pick(String seed, int index) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((seed + "#" + index).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (d[i] & 0xFF);
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
