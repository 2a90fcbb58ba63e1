package io.rolestack.health.probe;

import io.rolestack.health.CheckResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every check of one host as one shell script (one SSH round trip), and its
 * parser. Each check's command runs in its own subshell, with no input and its
 * errors folded into its output, so a failing check cannot stop the others.
 *
 * <p>Output: one line per check, {@code R<TAB>index<TAB>value} (the value's
 * newlines turned into U+001F, tabs into spaces), then {@code E}, so that output
 * cut short is noticed. Any other line (motd, profile noise) is ignored.
 */
public final class HealthScript {
    /** The check reported when the output has no end marker. */
    public static final String SCRIPT_CHECK = "health script";

    private static final char NEWLINE = '\u001f';

    private HealthScript() {
    }

    public static String build(List<Probe> probes) {
        StringBuilder s = new StringBuilder();
        s.append("LC_ALL=C; export LC_ALL\n");
        s.append("emit() { printf 'R\\t%s\\t%s\\n' \"$1\" \"$(printf '%s' \"$2\" | tr -d '\\r' | tr '\\t\\n' ' \\037')\"; }\n");
        for (int i = 0; i < probes.size(); i++) {
            s.append("emit ").append(i).append(" \"$( { ").append(probes.get(i).command()).append("\n} 2>&1 </dev/null )\"\n");
        }
        s.append("echo E\n");
        return s.toString();
    }

    /**
     * One result per probe, in order. A probe with no line in {@code out} fails,
     * saying so; output without the end marker adds a failed {@value #SCRIPT_CHECK} check.
     */
    public static List<CheckResult> parse(String out, List<Probe> probes) {
        Map<Integer, String> raw = new HashMap<>();
        boolean end = false;
        for (String line : out.split("\n")) {
            if (line.equals("E")) {
                end = true;
                continue;
            }
            String[] f = line.split("\t", 3);
            if (f.length != 3 || !f[0].equals("R") || !f[1].matches("\\d{1,6}")) continue;
            int i = Integer.parseInt(f[1]);
            if (i < probes.size()) raw.putIfAbsent(i, f[2].replace(NEWLINE, '\n').strip());
        }
        List<CheckResult> results = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            Probe p = probes.get(i);
            String value = raw.get(i);
            if (value == null) {
                results.add(p.failed("no result in the host's output (check " + i + " missing"
                        + (end ? ")" : ", output cut short)")));
                continue;
            }
            try {
                results.add(p.evaluate(value));
            } catch (RuntimeException e) {
                results.add(p.unreadable(value));
            }
        }
        if (!end) {
            results.add(CheckResult.failed(SCRIPT_CHECK, "complete output (end marker)",
                    "output ended early after " + raw.size() + " of " + probes.size() + " checks"));
        }
        return results;
    }
}
