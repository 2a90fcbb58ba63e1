package io.rolestack.mariadb.server;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class SqlClientTest {
    /** What {@code mariadb --xml} prints (MariaDB 10.11), with a value of each kind. */
    static final String XML = """
            <?xml version="1.0"?>

            <resultset statement="SELECT a, b, c FROM t
            " xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <row>
            \t<field name="a">x\ty &lt;b&gt; &amp; &quot;q&quot; it's</field>
            \t<field name="b" xsi:nil="true" />
            \t<field name="c">line
            break \\ end\r</field>
              </row>

              <row>
            \t<field name="a"></field>
            \t<field name="b">NULL</field>
            \t<field name="c">&#1;</field>
              </row>
            </resultset>
            """;

    @Test
    void parsesXmlOutputTellingSqlNullFromTheStringNull() {
        List<Map<String, String>> rows = SqlClient.parse(XML);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsExactly(entry("a", "x\ty <b> & \"q\" it's"), entry("b", null), entry("c", "line\nbreak \\ end\r"));
        assertThat(rows.get(1)).containsExactly(entry("a", ""), entry("b", "NULL"), entry("c", "\u0001"));
        assertThat(SqlClient.parse("")).isEmpty();
        assertThat(SqlClient.parse("<?xml version=\"1.0\"?>\n\n<resultset statement=\"SELECT 1 FROM t WHERE 0\n\" "
                + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n</resultset>\n")).isEmpty();
    }

    @Test
    void literalsAreHexWithAnIntroducerSoNoSqlModeChangesThem() {
        assertThat(SqlClient.literal("it's")).isEqualTo("_utf8mb4 X'69742773'");
        assertThat(SqlClient.literal("a'\\\n")).isEqualTo("_utf8mb4 X'61275c0a'");
        assertThat(SqlClient.literal("")).isEqualTo("_utf8mb4 X''");
        assertThat(SqlClient.literal("é")).isEqualTo("_utf8mb4 X'c3a9'");
        // nothing of the value is left to be read as SQL
        assertThat(SqlClient.literal("x'; DROP DATABASE app; -- \\")).matches("_utf8mb4 X'[0-9a-f]*'");
    }

    @Test
    void quotedStringsDoubleQuotesAndKeepBackslashesForTheSessionsNoBackslashEscapes() {
        assertThat(SqlClient.quoted("it's a \\ test")).isEqualTo("'it''s a \\ test'");
        assertThat(SqlClient.quoted("two\nlines")).isEqualTo("'two\nlines'");
        assertThat(SqlClient.SESSION_MODE).contains("NO_BACKSLASH_ESCAPES");
        assertThatThrownBy(() -> SqlClient.quoted("pw\0secret")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> SqlClient.quoted("pw\rsecret")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("secret");
    }

    @Test
    void identifiersAreBacktickedWithBackticksDoubled() {
        assertThat(SqlClient.identifier("app")).isEqualTo("`app`");
        assertThat(SqlClient.identifier("we`ird\"name")).isEqualTo("`we``ird\"name`");
        assertThatThrownBy(() -> SqlClient.identifier("")).hasMessageContaining("invalid SQL identifier");
    }

    @Test
    void failuresWithSecretsKeepOnlyTheErrorNumber() {
        String stderr = "ERROR 1064 (42000) at line 1: You have an error in your SQL syntax near 'PASSWORD 'hunter2'";
        SqlException hidden = SqlClient.failure("db2", stderr, true);
        assertThat(hidden.getMessage()).contains("db2", "ERROR 1064 (42000)").doesNotContain("hunter2");
        assertThat(hidden.errorCode()).isEqualTo(1064);

        SqlException shown = SqlClient.failure("db2", "ERROR 1290 (HY000) at line 1: read-only", false);
        assertThat(shown.getMessage()).contains("read-only");
        assertThat(shown.errorCode()).isEqualTo(1290);
    }
}
