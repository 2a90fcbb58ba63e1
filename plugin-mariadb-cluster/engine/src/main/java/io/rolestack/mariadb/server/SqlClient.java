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
 *
 * <p>Correct under any server {@code sql_mode}: each session first adds
 * {@code NO_BACKSLASH_ESCAPES} to its own mode, so {@link #quoted} (quotes doubled,
 * backslashes literal) means the same on every server; {@link #literal} is a hex
 * literal, which means the same in every mode; results are read as {@code --xml},
 * where SQL NULL ({@code xsi:nil}) and the string {@code 'NULL'} differ.
 */
public final class SqlClient {
    private static final Pattern ERROR = Pattern.compile("ERROR (\\d+) \\(([0-9A-Z]+)\\)");
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    /** Sent before every script: backslashes are plain characters in this session, whatever the server's sql_mode. */
    static final String SESSION_MODE =
            "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'NO_BACKSLASH_ESCAPES');\n";
    private static final Pattern ROW = Pattern.compile("<row>(.*?)</row>", Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("<field name=\"([^\"]*)\"(?:\\s+xsi:nil=\"true\"\\s*/>|>(.*?)</field>|\\s*/>)",
            Pattern.DOTALL);
    private static final Pattern ENTITY = Pattern.compile("&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");

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
        for (String n : names) in.append(in.length() == 0 ? "" : ",").append(literal(n));
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, String> r : query("SHOW GLOBAL VARIABLES WHERE Variable_name IN (" + in + ")")) {
            out.put(r.get("Variable_name"), r.get("Value"));
        }
        return out;
    }

    private ExecResult run(String sql, boolean secret, Duration timeout) {
        Command c = Command.sudo(client() + " --batch --xml --connect-timeout=10")
                .withStdin((SESSION_MODE + sql).getBytes(StandardCharsets.UTF_8))
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

    /**
     * Parses {@code --xml} output: the rows of every result set in order, each mapping column name to value;
     * {@code xsi:nil="true"} is SQL NULL (Java null), anything else a string (the string "NULL" stays one).
     * Read by pattern, not by an XML parser, so control characters and carriage returns in values come back as they were.
     */
    static List<Map<String, String>> parse(String out) {
        List<Map<String, String>> rows = new ArrayList<>();
        Matcher r = ROW.matcher(out);
        while (r.find()) {
            Map<String, String> row = new LinkedHashMap<>();
            Matcher f = FIELD.matcher(r.group(1));
            while (f.find()) {
                boolean nil = f.group(2) == null && f.group(0).contains("xsi:nil");
                row.put(unescape(f.group(1)), nil ? null : unescape(f.group(2) == null ? "" : f.group(2)));
            }
            rows.add(Collections.unmodifiableMap(row));
        }
        return rows;
    }

    private static String unescape(String xml) {
        if (xml.indexOf('&') < 0) return xml;
        Matcher m = ENTITY.matcher(xml);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String c = switch (e) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> new String(Character.toChars(e.startsWith("#x")
                        ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1))));
            };
            m.appendReplacement(b, Matcher.quoteReplacement(c));
        }
        m.appendTail(b);
        return b.toString();
    }

    /**
     * A string as a hex literal with a character-set introducer ({@code _utf8mb4 X'6974277320'}): the same
     * value under every sql_mode and through every client. For expressions (SELECT, WHERE, SET, function
     * arguments); where the grammar takes only a quoted string (CHANGE MASTER TO, IDENTIFIED BY, REQUIRE
     * SUBJECT, account names) use {@link #quoted}.
     */
    public static String literal(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(bytes.length * 2 + 12).append("_utf8mb4 X'");
        for (byte x : bytes) b.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        return b.append('\'').toString();
    }

    /**
     * A quoted string for the places the grammar takes no expression: quotes doubled, backslashes and newlines
     * as they are. Right only in this client's sessions, which turn on NO_BACKSLASH_ESCAPES ({@link #SESSION_MODE}).
     *
     * @throws IllegalArgumentException for a NUL or carriage return, which the client does not pass through as they are
     *                                  (the message does not show the value: it may be a secret); use {@link #literal} where it can go
     */
    public static String quoted(String s) {
        if (s.indexOf('\0') >= 0 || s.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a quoted SQL string cannot hold a NUL or carriage return character");
        }
        return "'" + s.replace("'", "''") + "'";
    }

    /** An identifier (database, table, column) in backticks, backticks doubled: also right under ANSI_QUOTES. */
    public static String identifier(String name) {
        if (name.isEmpty() || name.indexOf('\0') >= 0) throw new IllegalArgumentException("invalid SQL identifier: '" + name + "'");
        return "`" + name.replace("`", "``") + "`";
    }
}
