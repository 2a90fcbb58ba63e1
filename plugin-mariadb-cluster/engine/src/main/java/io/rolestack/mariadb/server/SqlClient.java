package io.rolestack.mariadb.server;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.Remote;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL on a host through the {@code mariadb} command-line client run there
 * (as root over the unix socket): the engine never needs the DB port, only
 * the host's SSH session. Statements always go on stdin, so neither they nor
 * the secrets in them appear in a process list or a log.
 */
public final class SqlClient {
    private static final Pattern ERROR = Pattern.compile("ERROR (\\d+) \\(([0-9A-Z]+)\\)");
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final Remote remote;
    private final String clientOptions;

    /**
     * @param remote        the host's session
     * @param clientOptions extra options for {@code mariadb}/{@code mariadb-dump} (e.g. {@code --socket=/run/x.sock}); no secrets
     */
    public SqlClient(Remote remote, String clientOptions) {
        this.remote = remote;
        this.clientOptions = clientOptions.isBlank() ? "" : " " + clientOptions.strip();
    }

    public String host() {
        return remote.host();
    }

    /** The command line that starts the client, for pipelines run on the host. */
    public String client() {
        return "mariadb" + clientOptions;
    }

    public String dump() {
        return "mariadb-dump" + clientOptions;
    }

    /** Runs statements that return one result set; rows map column name to value (null for SQL NULL). */
    public List<Map<String, String>> query(String sql) {
        return parse(run(sql, false, TIMEOUT).stdout());
    }

    public List<Map<String, String>> query(String sql, Duration timeout) {
        return parse(run(sql, false, timeout).stdout());
    }

    /** The first column of the first row, empty when there is no row or it is NULL. */
    public Optional<String> value(String sql) {
        List<Map<String, String>> rows = query(sql);
        if (rows.isEmpty()) return Optional.empty();
        return Optional.ofNullable(rows.get(0).values().iterator().next());
    }

    public void execute(String sql) {
        run(sql, false, TIMEOUT);
    }

    /** Runs statements that contain a secret: on failure the message carries only MariaDB's error number. */
    public void executeWithSecret(String sql) {
        run(sql, true, TIMEOUT);
    }

    /** {@code SHOW GLOBAL VARIABLES} for the names given. */
    public Map<String, String> variables(String... names) {
        StringBuilder in = new StringBuilder();
        for (String n : names) in.append(in.length() == 0 ? "" : ",").append('\'').append(n).append('\'');
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, String> r : query("SHOW GLOBAL VARIABLES WHERE Variable_name IN (" + in + ")")) {
            out.put(r.get("Variable_name"), r.get("Value"));
        }
        return out;
    }

    private ExecResult run(String sql, boolean secret, Duration timeout) {
        Command c = Command.sudo(client() + " --batch --connect-timeout=10").withStdin(sql.getBytes(StandardCharsets.UTF_8))
                .withTimeout(timeout);
        ExecResult r = remote.exec(c);
        if (r.ok()) return r;
        throw failure(remote.host(), r.stderr(), secret);
    }

    static SqlException failure(String host, String stderr, boolean secret) {
        Matcher m = ERROR.matcher(stderr);
        int code = m.find() ? Integer.parseInt(m.group(1)) : 0;
        if (secret) {
            // MariaDB may quote the statement (and the secret in it) in its message: keep only the error number.
            return new SqlException(host, code, "SQL failed: " + (code == 0 ? "client error" : m.group()) + " (statement not shown: it holds a secret)");
        }
        return new SqlException(host, code, "SQL failed: " + stderr.strip());
    }

    /** Parses {@code --batch} output: a header line, then tab-separated rows with \\t \\n \\\\ \\0 escaped. */
    static List<Map<String, String>> parse(String out) {
        if (out.isEmpty()) return List.of();
        String[] lines = out.split("\n", -1);
        List<String> header = fields(lines[0]);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty() && i == lines.length - 1) break;
            List<String> f = fields(lines[i]);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                String v = c < f.size() ? f.get(c) : null;
                row.put(header.get(c), "NULL".equals(v) ? null : v);
            }
            rows.add(Collections.unmodifiableMap(row));
        }
        return rows;
    }

    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\t') {
                out.add(b.toString());
                b.setLength(0);
            } else if (ch == '\\' && i + 1 < line.length()) {
                char n = line.charAt(++i);
                b.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case '0' -> '\0';
                    default -> n;
                });
            } else {
                b.append(ch);
            }
        }
        out.add(b.toString());
        return out;
    }

    /** Quotes a string literal for SQL (the client runs with the default sql_mode: backslash escapes). */
    public static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\0", "\\0").replace("\n", "\\n") + "'";
    }
}
