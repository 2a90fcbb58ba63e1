package io.rolestack.health.probe;

import io.rolestack.health.CheckResult;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.rolestack.core.remote.Shell.quote;

/**
 * Checks that talk to a port from the host itself, with bash's {@code /dev/tcp}
 * (no curl, nc or client packages needed), each bounded by {@code timeout}.
 */
public final class NetworkProbes {
    static final int TIMEOUT_SECONDS = 3;

    private NetworkProbes() {
    }

    /**
     * The command that connects to ip:port and runs {@code talk} in bash with fd 3 open to the port;
     * $0 is the ip, $1 the port, $2... the {@code args}.
     */
    static String connect(String ip, int port, String talk, String... args) {
        StringBuilder s = new StringBuilder("timeout " + TIMEOUT_SECONDS + " bash -c "
                + quote("exec 3<>/dev/tcp/$0/$1 || exit 1; " + talk) + " " + quote(ip) + " " + port);
        for (String a : args) s.append(' ').append(quote(a));
        return s.append(" 2>/dev/null").toString();
    }

    /** A TCP port accepts connections. */
    public record Tcp(String ip, int port) implements Probe {
        public String name() {
            return "tcp " + port;
        }

        public String expected() {
            return "port " + port + " open on " + ip;
        }

        public String command() {
            return connect(ip, port, "true") + " && echo open || echo closed";
        }

        public CheckResult evaluate(String raw) {
            return switch (raw) {
                case "open" -> ok("open");
                case "closed" -> failed("closed (refused or no answer within " + TIMEOUT_SECONDS + " s)");
                default -> unreadable(raw);
            };
        }
    }

    /**
     * An HTTP GET answers with the expected status and, when {@code body} is given, a body containing it
     * (within the first 64 KiB, one line).
     */
    public record Http(String ip, int port, String path, int expectStatus, Optional<String> body) implements Probe {
        private static final Pattern STATUS = Pattern.compile("HTTP/\\d(?:\\.\\d)? (\\d{3}).*");
        private static final String MATCH = "body-match";
        private static final String MISS = "body-miss";

        public Http(String ip, int port, String path, int expectStatus) {
            this(ip, port, path, expectStatus, Optional.empty());
        }

        public String name() {
            return "http " + port + path;
        }

        public String expected() {
            return "HTTP " + expectStatus + body.map(b -> ", body containing '" + b + "'").orElse("");
        }

        public String command() {
            String request = "printf 'GET %s HTTP/1.0\\r\\nHost: %s\\r\\nConnection: close\\r\\n\\r\\n' \"$2\" \"$0\" >&3; ";
            if (body.isEmpty()) {
                return connect(ip, port, request + "read -r l <&3; printf '%s\\n' \"$l\"", path) + " || echo 'no answer'";
            }
            // The host says whether the body holds the text; only the status line and that verdict come back.
            return "{ " + connect(ip, port, request + "head -c 65536 <&3", path) + " || echo 'no answer'; }"
                    + " | awk -v s=" + quote(body.get()) + " 'NR==1 {print; next} index($0, s) {f=1} END {print (f ? \"" + MATCH
                    + "\" : \"" + MISS + "\")}'";
        }

        public CheckResult evaluate(String raw) {
            String[] lines = raw.split("\n");
            String first = lines[0].strip();
            Matcher m = STATUS.matcher(first);
            if (m.matches()) {
                int status = Integer.parseInt(m.group(1));
                if (status != expectStatus) return failed("HTTP " + status + " (" + Probe.shorten(first) + ")");
                if (body.isEmpty()) return ok("HTTP " + status);
                String verdict = lines[lines.length - 1].strip();
                if (verdict.equals(MATCH)) return ok("HTTP " + status + ", body contains '" + body.get() + "'");
                if (verdict.equals(MISS)) return failed("HTTP " + status + ", body without '" + body.get() + "'");
                return unreadable(raw);
            }
            if (first.isEmpty() || first.equals("no answer")) {
                return failed("no answer from " + ip + ":" + port + " within " + TIMEOUT_SECONDS + " s");
            }
            return unreadable(raw);
        }
    }

    /** memcached answers {@code stats}: its pid and uptime. */
    public record MemcachedStats(String ip, int port) implements Probe {
        public String name() {
            return "memcached stats";
        }

        public String expected() {
            return "stats with pid and uptime from " + ip + ":" + port;
        }

        public String command() {
            // bash reads the answer itself (no cat, tr or awk); the \\r memcached ends lines with is dropped by the parser.
            return connect(ip, port, "printf 'stats\\r\\nquit\\r\\n' >&3; "
                    + "while read -r s k v _ <&3; do case $k in pid|uptime|curr_connections) printf '%s=%s ' \"$k\" \"$v\";; esac; done");
        }

        public CheckResult evaluate(String raw) {
            Map<String, String> stats = new LinkedHashMap<>();
            for (String kv : raw.split(" ")) {
                int eq = kv.indexOf('=');
                if (eq > 0) stats.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            if (!stats.containsKey("pid") || !stats.containsKey("uptime")) {
                return raw.isEmpty() ? failed("no stats answer from " + ip + ":" + port) : unreadable(raw);
            }
            return ok("pid " + stats.get("pid") + ", up " + stats.get("uptime") + " s"
                    + (stats.containsKey("curr_connections") ? ", " + stats.get("curr_connections") + " connections" : ""));
        }
    }

    /** redis answers PING with PONG. */
    public record RedisPing(String ip, int port) implements Probe {
        public String name() {
            return "redis ping";
        }

        public String expected() {
            return "+PONG from " + ip + ":" + port;
        }

        public String command() {
            return connect(ip, port, "printf 'PING\\r\\n' >&3; read -r l <&3; printf '%s\\n' \"$l\"");
        }

        public CheckResult evaluate(String raw) {
            if (raw.equals("+PONG")) return ok("+PONG");
            return raw.isEmpty() ? failed("no answer from " + ip + ":" + port) : failed(Probe.shorten(raw));
        }
    }
}
