package io.rolestack.health.probe;

import io.rolestack.health.CheckResult;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Monit answers and every service it watches is monitored. Monit's
 * weak spot is a service it gave up on ({@code N restarts within M cycles then
 * unmonitor}): it stays "Not monitored" until a person acts. This check names
 * such services (its {@code seen} starts with {@value #UNMONITORED}) so the
 * health run can re-arm them ({@code monit monitor all}).
 */
public record MonitStatus() implements Probe {
    /** How {@code seen} starts when Monit has given up on services. */
    public static final String UNMONITORED = "not monitored: ";

    /** A row of {@code monit -B summary}: name, status (may hold spaces), type. */
    private static final Pattern ROW = Pattern.compile("^\\s*(\\S+)\\s+(.+?)\\s+(Process|System|File|Filesystem|Directory|Fifo|Host|Network|Program|Remote Host)\\s*$");

    public String name() {
        return "monit";
    }

    public String expected() {
        return "running, every service monitored";
    }

    public String command() {
        return "if command -v monit >/dev/null; then monit -B summary; else echo 'not installed'; fi";
    }

    public CheckResult evaluate(String raw) {
        if (raw.equals("not installed")) return failed("not installed (apply the base role)");
        if (!raw.contains("Service Name")) return failed("not answering: " + Probe.shorten(raw));
        List<String> unmonitored = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        List<String> watched = new ArrayList<>();
        for (String line : raw.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (!m.matches() || m.group(1).equals("Service")) continue;
            if (!m.group(3).equals("Process")) continue;
            String service = m.group(1);
            String status = m.group(2).strip();
            watched.add(service);
            if (status.equals("Not monitored")) unmonitored.add(service);
            else if (!status.equals("OK") && !status.equals("Initializing")) bad.add(service + " " + status);
        }
        String monitSaw = bad.isEmpty() ? "" : " (Monit's last cycle saw: " + String.join(", ", bad) + ")";
        if (!unmonitored.isEmpty()) return failed(UNMONITORED + String.join(", ", unmonitored) + monitSaw);
        // A service Monit is restarting shows "Does not exist" until its next cycle: the process and port checks of
        // this run say how the service is now; this check is about Monit itself watching.
        return ok((watched.isEmpty() ? "running, no service to watch" : "running, watching " + String.join(", ", watched)) + monitSaw);
    }
}
