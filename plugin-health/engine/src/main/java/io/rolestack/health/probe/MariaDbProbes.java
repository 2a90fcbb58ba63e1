package io.rolestack.health.probe;

import io.rolestack.health.CheckResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MariaDB replication, read through the local {@code mariadb} client as root
 * (unix socket; no password on the command line). Whether a server is a
 * replica is what it says itself (it has a replication source), so a host
 * stays judged by its real role after a switchover.
 */
public final class MariaDbProbes {
    private static final String ERROR = "error: ";

    private MariaDbProbes() {
    }

    /** read_only matches the role: ON on a replica, OFF on the primary. */
    public record ReadOnly() implements Probe {
        public String name() {
            return "mariadb read_only";
        }

        public String expected() {
            return "ON on a replica, OFF on the primary";
        }

        public String command() {
            return "ro=$(mariadb -N -B -e 'SELECT @@read_only' 2>&1) || { echo \"" + ERROR + "$ro\"; exit 0; }; "
                    + "n=$(mariadb -N -B -e 'SHOW SLAVE STATUS' 2>/dev/null | wc -l); echo \"$ro $n\"";
        }

        public CheckResult evaluate(String raw) {
            if (raw.startsWith(ERROR)) return failed("mariadb does not answer: " + Probe.shorten(raw.substring(ERROR.length())));
            String[] f = raw.split(" ");
            if (f.length != 2 || !f[0].matches("[01]") || !f[1].matches("\\d+")) return unreadable(raw);
            boolean replica = Integer.parseInt(f[1]) > 0;
            boolean readOnly = f[0].equals("1");
            String expected = replica ? "ON (a replica)" : "OFF (the primary: no replication source)";
            String seen = readOnly ? "ON" : "OFF";
            return readOnly == replica ? CheckResult.ok(name(), expected, seen) : CheckResult.failed(name(), expected, seen);
        }
    }

    /**
     * On a replica: IO and SQL threads running, lag under the limit, TLS allowed on the link.
     * On the primary: the expected number of replicas connected, each session with a non-empty Ssl_cipher.
     */
    public record Replication(int expectedReplicas, int maxLagSeconds) implements Probe {
        public String name() {
            return "mariadb replication";
        }

        public String expected() {
            return "replica: IO and SQL running, lag < " + maxLagSeconds + " s, TLS; primary: "
                    + expectedReplicas + " replica(s) connected over TLS";
        }

        public String command() {
            return "s=$(mariadb -e 'SHOW SLAVE STATUS\\G' 2>&1) || { echo \"" + ERROR + "$s\"; exit 0; }; "
                    + "if [ -n \"$s\" ]; then echo replica; printf '%s\\n' \"$s\" | sed -n "
                    + "'s/^ *\\(Master_Host\\|Slave_IO_Running\\|Slave_SQL_Running\\|Seconds_Behind_Master\\|Master_SSL_Allowed\\|Last_IO_Error\\|Last_SQL_Error\\): */\\1=/p'; "
                    + "else echo primary; mariadb -N -B -e \"SELECT t.PROCESSLIST_HOST, IFNULL(s.VARIABLE_VALUE, '') "
                    + "FROM performance_schema.threads t LEFT JOIN performance_schema.status_by_thread s "
                    + "ON s.THREAD_ID = t.THREAD_ID AND s.VARIABLE_NAME = 'Ssl_cipher' "
                    + "WHERE t.PROCESSLIST_COMMAND = 'Binlog Dump'\" 2>&1 | sed 's/\\t/=/; s/^/link=/'; fi";
        }

        public CheckResult evaluate(String raw) {
            if (raw.startsWith(ERROR)) return failed("mariadb does not answer: " + Probe.shorten(raw.substring(ERROR.length())));
            List<String> lines = raw.lines().toList();
            if (lines.isEmpty()) return unreadable(raw);
            return switch (lines.get(0)) {
                case "replica" -> replica(lines.subList(1, lines.size()));
                case "primary" -> primary(lines.subList(1, lines.size()));
                default -> unreadable(raw);
            };
        }

        private CheckResult replica(List<String> lines) {
            Map<String, String> f = new LinkedHashMap<>();
            for (String l : lines) {
                int eq = l.indexOf('=');
                if (eq > 0) f.put(l.substring(0, eq), l.substring(eq + 1).strip());
            }
            String expected = "IO and SQL running, lag < " + maxLagSeconds + " s, TLS";
            if (!f.containsKey("Slave_IO_Running") || !f.containsKey("Slave_SQL_Running")) {
                return CheckResult.failed(name(), expected, "unreadable replica status " + f);
            }
            List<String> problems = new ArrayList<>();
            if (!"Yes".equals(f.get("Slave_IO_Running"))) {
                problems.add("IO " + f.get("Slave_IO_Running") + errorOf(f, "Last_IO_Error"));
            }
            if (!"Yes".equals(f.get("Slave_SQL_Running"))) {
                problems.add("SQL " + f.get("Slave_SQL_Running") + errorOf(f, "Last_SQL_Error"));
            }
            String lag = f.getOrDefault("Seconds_Behind_Master", "NULL");
            if (!lag.matches("\\d+")) problems.add("lag unknown (" + lag + ")");
            else if (Long.parseLong(lag) >= maxLagSeconds) problems.add("lag " + lag + " s");
            if (!"Yes".equals(f.get("Master_SSL_Allowed"))) problems.add("TLS not used on the link (Master_SSL_Allowed=" + f.get("Master_SSL_Allowed") + ")");
            String source = f.getOrDefault("Master_Host", "?");
            if (problems.isEmpty()) {
                return CheckResult.ok(name(), expected, "replica of " + source + ": IO and SQL running, lag " + lag + " s, TLS");
            }
            return CheckResult.failed(name(), expected, "replica of " + source + ": " + String.join("; ", problems));
        }

        private static String errorOf(Map<String, String> f, String key) {
            String e = f.getOrDefault(key, "");
            return e.isEmpty() ? "" : " (" + Probe.shorten(e) + ")";
        }

        private CheckResult primary(List<String> lines) {
            String expected = expectedReplicas + " replica(s) connected over TLS";
            List<String> links = new ArrayList<>();
            List<String> plain = new ArrayList<>();
            for (String l : lines) {
                if (!l.startsWith("link=")) return CheckResult.failed(name(), expected, "unreadable: " + Probe.shorten(l));
                String[] hc = l.substring(5).split("=", 2);
                String host = hc[0].replaceAll(":\\d+$", "");
                String cipher = hc.length > 1 ? hc[1].strip() : "";
                links.add(host + (cipher.isEmpty() ? " without TLS" : " " + cipher));
                if (cipher.isEmpty()) plain.add(host);
            }
            String seen = "primary, " + links.size() + " replica(s) connected" + (links.isEmpty() ? "" : " (" + String.join(", ", links) + ")");
            boolean healthy = links.size() >= expectedReplicas && plain.isEmpty();
            return healthy ? CheckResult.ok(name(), expected, seen) : CheckResult.failed(name(), expected, seen);
        }
    }
}
