package io.rolestack.patch;

/**
 * How many hosts of one role are patched at once: a count ({@code 2}) or a
 * share of the role's hosts ({@code "50%"}, rounded down, at least 1).
 */
public record Concurrency(int count, int percent) {
    public static final Concurrency ONE = new Concurrency(1, 0);

    public Concurrency {
        if (percent == 0 && count < 1) throw new IllegalArgumentException("concurrency must be at least 1, was " + count);
        if (percent != 0 && (percent < 1 || percent > 100)) {
            throw new IllegalArgumentException("concurrency must be 1% to 100%, was " + percent + "%");
        }
    }

    /** {@code "N"} or {@code "P%"}; an IllegalArgumentException says what is wrong. */
    public static Concurrency parse(String text) {
        String t = text.strip();
        try {
            if (t.endsWith("%")) return new Concurrency(0, Integer.parseInt(t.substring(0, t.length() - 1).strip()));
            return new Concurrency(Integer.parseInt(t), 0);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("concurrency '" + text + "' is neither a count (2) nor a share (50%)");
        }
    }

    /** Hosts at once among {@code hosts} hosts of the role. */
    public int of(int hosts) {
        int n = percent == 0 ? count : hosts * percent / 100;
        return Math.max(1, Math.min(n, Math.max(1, hosts)));
    }

    @Override
    public String toString() {
        return percent == 0 ? String.valueOf(count) : percent + "%";
    }
}
