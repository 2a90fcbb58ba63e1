package io.rolestack.mariadb.backup;

import io.rolestack.mariadb.server.SqlClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tables of a server, their exact row counts and CHECK TABLE, through the {@code mariadb} client on its host.
 * Row counts cover the application's schemas: the system schema {@code mysql} changes by itself (statistics),
 * so comparing it says nothing about a backup; it is still CHECKed.
 */
final class Tables {
    static final String NOT_DATA = "'information_schema','performance_schema','sys'";
    private static final int BATCH = 100;
    private static final Duration TIMEOUT = Duration.ofHours(2);

    private Tables() {
    }

    /** {@code schema.table} of every base table (system-versioned included, views and sequences not). */
    static List<Table> list(SqlClient sql, boolean withSystemSchema) {
        List<Table> out = new ArrayList<>();
        for (Map<String, String> r : sql.query("SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t FROM information_schema.TABLES"
                + " WHERE TABLE_TYPE IN ('BASE TABLE','SYSTEM VERSIONED') AND TABLE_SCHEMA NOT IN (" + NOT_DATA
                + (withSystemSchema ? "" : ",'mysql'") + ") ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
            out.add(new Table(r.get("s"), r.get("t")));
        }
        return out;
    }

    /** Exact counts ({@code COUNT(*)}, not the estimates of information_schema), a hundred tables per round trip. */
    static Map<String, Long> count(SqlClient sql, List<Table> tables) {
        Map<String, Long> out = new TreeMap<>();
        for (int i = 0; i < tables.size(); i += BATCH) {
            StringBuilder q = new StringBuilder();
            for (Table t : tables.subList(i, Math.min(tables.size(), i + BATCH))) {
                if (q.length() > 0) q.append("\nUNION ALL ");
                q.append("SELECT ").append(SqlClient.literal(t.key())).append(" AS k, COUNT(*) AS n FROM ").append(t.sql());
            }
            for (Map<String, String> r : sql.query(q.toString(), TIMEOUT)) out.put(r.get("k"), Long.parseLong(r.get("n")));
        }
        return out;
    }

    /** CHECK TABLE on every table: the problems found, {@code schema.table: message}; empty when all are OK. */
    static List<String> check(SqlClient sql, List<Table> tables) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < tables.size(); i += BATCH) {
            List<Table> batch = tables.subList(i, Math.min(tables.size(), i + BATCH));
            StringBuilder q = new StringBuilder("CHECK TABLE ");
            for (int j = 0; j < batch.size(); j++) q.append(j == 0 ? "" : ", ").append(batch.get(j).sql());
            Map<String, String> status = new TreeMap<>();
            for (Map<String, String> r : sql.query(q.toString(), TIMEOUT)) {
                String table = r.get("Table");
                String type = String.valueOf(r.get("Msg_type")).toLowerCase();
                String text = String.valueOf(r.get("Msg_text"));
                if (type.equals("error")) problems.add(table + ": " + text);
                if (type.equals("status")) status.put(table, text);
            }
            for (Table t : batch) {
                String s = status.get(t.key());
                if (s == null) problems.add(t.key() + ": no CHECK TABLE status");
                else if (!s.equals("OK") && !s.equals("Table is already up to date")) problems.add(t.key() + ": " + s);
            }
        }
        return problems;
    }

    record Table(String schema, String name) {
        String key() {
            return schema + "." + name;
        }

        String sql() {
            return SqlClient.identifier(schema) + "." + SqlClient.identifier(name);
        }
    }
}
