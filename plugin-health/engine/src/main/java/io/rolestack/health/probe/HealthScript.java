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
 * <p>Output: per check a line {@code <RS>B index}, what the command printed,
 * then a line {@code <RS>E index} (RS is U+001E), and {@code E} at the end, so
 * that output cut short is noticed. Any other line (motd, profile noise) is
 * ignored. The framing is two {@code printf} builtins per check: the shell
 * starts no process for it (a process costs milliseconds on a small VM, more
 * than most checks), so a host's checks cost what their own commands cost.
 */
public final class HealthScript {
    /** The check reported when the output has no end marker. */
    public static final String SCRIPT_CHECK = "health script";

    private static final String BEGIN = "\u001eB ";
    private static final String END = "\u001eE ";

    private HealthScript() {
    }

    public static String build(List<Probe> probes) {
        StringBuilder s = new StringBuilder();
        s.append("LC_ALL=C; export LC_ALL\n");
        for (int i = 0; i < probes.size(); i++) {
            // The newline before the end marker puts it on a line of its own after output with no final newline.
            s.append("printf '\\036B %d\\n' ").append(i).append("; ( ").append(probes.get(i).command())
                    .append("\n) 2>&1 </dev/null; printf '\\n\\036E %d\\n' ").append(i).append('\n');
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
        int open = -1; // the check whose output is being read, -1 between checks
        StringBuilder text = new StringBuilder();
        for (String line : out.split("\n", -1)) {
            if (open >= 0) {
                if (line.equals(END + open)) {
                    raw.putIfAbsent(open, text.toString().replace("\r", "").replace('\t', ' ').strip());
                    open = -1;
                } else {
                    text.append(line).append('\n');
                }
            } else if (line.startsWith(BEGIN) && line.substring(BEGIN.length()).matches("\\d{1,6}")) {
                int i = Integer.parseInt(line.substring(BEGIN.length()));
                if (i < probes.size()) {
                    open = i;
                    text.setLength(0);
                }
            } else if (line.equals("E")) {
                end = true;
            }
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
