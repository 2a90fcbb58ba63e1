package io.rolestack.health.probe;

import io.rolestack.health.CheckResult;

import java.util.LinkedHashMap;
import java.util.Map;
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

    /** An HTTP GET answers with the expected status. */
    public record Http(String ip, int port, String path, int expectStatus) implements Probe {
        private static final Pattern STATUS = Pattern.compile("HTTP/\\d(?:\\.\\d)? (\\d{3}).*");

        public String name() {
            return "http " + port + path;
        }

        public String expected() {
            return "HTTP " + expectStatus;
        }

        public String command() {
            return "{ " + connect(ip, port, "printf 'GET %s HTTP/1.0\\r\\nHost: %s\\r\\nConnection: close\\r\\n\\r\\n' \"$2\" \"$0\" >&3; head -n1 <&3", path)
                    + " || echo 'no answer'; } | tr -d '\\r'";
        }

        public CheckResult evaluate(String raw) {
            Matcher m = STATUS.matcher(raw);
            if (m.matches()) {
                int status = Integer.parseInt(m.group(1));
                return status == expectStatus ? ok("HTTP " + status) : failed("HTTP " + status + " (" + Probe.shorten(raw) + ")");
            }
            if (raw.isEmpty() || raw.equals("no answer")) {
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
            return connect(ip, port, "printf 'stats\\r\\nquit\\r\\n' >&3; cat <&3")
                    + " | tr -d '\\r' | awk '$1==\"STAT\" && ($2==\"pid\" || $2==\"uptime\" || $2==\"curr_connections\") {printf \"%s=%s \", $2, $3}'";
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
            return connect(ip, port, "printf 'PING\\r\\n' >&3; head -n1 <&3") + " | tr -d '\\r'";
        }

        public CheckResult evaluate(String raw) {
            if (raw.equals("+PONG")) return ok("+PONG");
            return raw.isEmpty() ? failed("no answer from " + ip + ":" + port) : failed(Probe.shorten(raw));
        }
    }
}
