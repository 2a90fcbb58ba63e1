package io.rolestack.mariadb.server;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SqlClientTest {
    @Test
    void parsesBatchOutputWithEscapesAndNulls() {
        List<Map<String, String>> rows = SqlClient.parse("a\tb\tc\nx\\ty\tNULL\tline\\nbreak \\\\ end\n\t2\t\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("a", "x\ty").containsEntry("b", null).containsEntry("c", "line\nbreak \\ end");
        assertThat(rows.get(1)).containsEntry("a", "").containsEntry("b", "2").containsEntry("c", "");
        assertThat(SqlClient.parse("")).isEmpty();
        assertThat(SqlClient.parse("only\theader\n")).isEmpty();
    }

    @Test
    void quotesLiterals() {
        assertThat(SqlClient.literal("it's a \\ test")).isEqualTo("'it\\'s a \\\\ test'");
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
