package io.rolestack.core.naming;

/** A hostname that does not follow RFC 1123 or the naming scheme; the message names the input and the rule broken. */
public final class InvalidHostNameException extends IllegalArgumentException {
    private final String input;
    private final String rule;

    public InvalidHostNameException(String input, String rule) {
        super("invalid hostname '" + printable(input) + "': " + printable(rule));
        this.input = input;
        this.rule = rule;
    }

    public String input() {
        return input;
    }

    public String rule() {
        return rule;
    }

    // Garbage input may hold control characters; keep the message one readable line.
    private static String printable(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(300).forEach(c -> {
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", c));
            else b.appendCodePoint(c);
        });
        if (s.length() > 300) b.append("…");
        return b.toString();
    }
}
