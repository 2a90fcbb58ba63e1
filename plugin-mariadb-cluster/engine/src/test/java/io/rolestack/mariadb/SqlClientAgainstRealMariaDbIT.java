package io.rolestack.mariadb;

import io.rolestack.core.remote.LocalRemote;
import io.rolestack.mariadb.server.SqlClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SqlClient against a real MariaDB whose global sql_mode is NO_BACKSLASH_ESCAPES,ANSI_QUOTES:
 * strings with quotes, backslashes, newlines and the string "NULL" go in (as literals, as quoted
 * strings, in account names and CHANGE MASTER) and come back as they were; SQL NULL stays null.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlClientAgainstRealMariaDbIT {
    static final List<String> VALUES = List.of("it's", "back\\slash", "two\nlines", "NULL", "null", "tab\there",
            "\"double\"", "`tick`", "", "é ü ✓", "\\'", "ends with \\", "cr\r\n", "<row>&amp;</field>", "'; DROP DATABASE t; -- ");

    private LocalMariaDbServers dbs;
    private SqlClient sql;

    @BeforeAll
    void start() {
        dbs = new LocalMariaDbServers(List.of("modes"));
        dbs.sql("modes", "SET GLOBAL sql_mode = 'NO_BACKSLASH_ESCAPES,ANSI_QUOTES'");
        sql = new SqlClient(new LocalRemote("modes"), "--socket=" + dbs.server("modes").socket());
    }

    @AfterAll
    void stop() {
        if (dbs != null) dbs.close();
    }

    @Test
    void theServerRunsTheHostileModes() {
        assertThat(sql.variables("sql_mode").get("sql_mode")).contains("NO_BACKSLASH_ESCAPES", "ANSI_QUOTES");
    }

    @Test
    void literalsAndQuotedStringsRoundTripAndNullIsNotTheStringNull() {
        String table = SqlClient.identifier("t") + "." + SqlClient.identifier("we`ird \"table\"");
        StringBuilder script = new StringBuilder("CREATE DATABASE IF NOT EXISTS `t`;\nCREATE OR REPLACE TABLE " + table
                + " (id INT PRIMARY KEY, " + SqlClient.identifier("v`al") + " TEXT CHARACTER SET utf8mb4, q TEXT CHARACTER SET utf8mb4);\n");
        for (int i = 0; i < VALUES.size(); i++) {
            script.append("INSERT INTO ").append(table).append(" VALUES (").append(i).append(", ")
                    .append(SqlClient.literal(VALUES.get(i))).append(", ").append(quotable(VALUES.get(i)) ? SqlClient.quoted(VALUES.get(i)) : "NULL").append(");\n");
        }
        script.append("INSERT INTO ").append(table).append(" VALUES (").append(VALUES.size()).append(", NULL, NULL);\n");
        sql.execute(script.toString());

        List<Map<String, String>> rows = sql.query("SELECT id, " + SqlClient.identifier("v`al") + ", q FROM " + table + " ORDER BY id");
        List<String> literals = new ArrayList<>();
        List<String> quoted = new ArrayList<>();
        for (Map<String, String> r : rows) {
            literals.add(r.get("v`al"));
            quoted.add(r.get("q"));
        }
        List<String> expected = new ArrayList<>(VALUES);
        expected.add(null);
        assertThat(literals).containsExactlyElementsOf(expected);
        assertThat(quoted).containsExactlyElementsOf(expected.stream().map(v -> v == null || quotable(v) ? v : null).toList());
        assertThat(rows.get(VALUES.indexOf("NULL"))).containsEntry("v`al", "NULL");
        assertThat(rows.get(VALUES.size())).containsEntry("v`al", null);
        // the same through value() and in a WHERE clause
        for (String v : VALUES) {
            assertThat(sql.value("SELECT COUNT(*) FROM " + table + " WHERE " + SqlClient.identifier("v`al") + " = " + SqlClient.literal(v) + " COLLATE utf8mb4_bin"))
                    .as(v).contains("1");
            if (quotable(v)) assertThat(sql.value("SELECT " + SqlClient.quoted(v))).as(v).contains(v);
        }
        assertThat(sql.value("SELECT NULL")).isEmpty();
        assertThat(sql.value("SELECT 'NULL'")).contains("NULL");
    }

    /** quoted() refuses a carriage return (the client does not pass it through); literal() takes any string. */
    private static boolean quotable(String v) {
        return v.indexOf('\r') < 0;
    }

    @Test
    void quotedStringsWorkWhereTheGrammarTakesNoExpression() {
        String user = "o'brien\\x";
        String account = SqlClient.quoted(user) + "@'%'";
        sql.executeWithSecret("CREATE OR REPLACE USER " + account + " IDENTIFIED BY " + SqlClient.quoted("pa'ss\\word\"")
                + " REQUIRE SUBJECT " + SqlClient.quoted("/O=it's/CN=a\\b") + ";\n");
        assertThat(sql.query("SELECT User, x509_subject FROM mysql.user WHERE User = " + SqlClient.literal(user)))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("User")).isEqualTo(user);
                    assertThat(r.get("x509_subject")).isEqualTo("/O=it's/CN=a\\b");
                });

        String host = "h'o\\st";
        sql.execute("CHANGE MASTER TO MASTER_HOST=" + SqlClient.quoted(host) + ", MASTER_USER=" + SqlClient.quoted(user)
                + ", MASTER_SSL_CA=" + SqlClient.quoted("/etc/ssl/it's\\ca.pem"));
        Map<String, String> status = sql.query("SHOW SLAVE STATUS").get(0);
        assertThat(status).containsEntry("Master_Host", host).containsEntry("Master_User", user)
                .containsEntry("Master_SSL_CA_File", "/etc/ssl/it's\\ca.pem");
        sql.execute("RESET SLAVE ALL");
        assertThat(sql.query("SHOW SLAVE STATUS")).isEmpty();
        assertThat(Arrays.asList(sql.variables("sql_mode", "version").keySet().toArray())).containsExactly("sql_mode", "version");
    }
}
