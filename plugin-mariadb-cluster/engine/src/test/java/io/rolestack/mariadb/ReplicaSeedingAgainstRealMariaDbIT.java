package io.rolestack.mariadb;

import io.rolestack.core.testing.StepChain;
import io.rolestack.core.wait.Wait;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeding replicas by streaming mariadb-backup, against three real MariaDB servers (masterdb1, db2, db3) on
 * 127.0.0.1. The primary holds {@value #ROWS} rows of 1 KiB of random bytes (about 300 MB, incompressible),
 * more than four times the heap of the JVM that runs {@code replicate} ({@value #HEAP}, a child JVM started here:
 * the test's own JVM keeps its heap for the rest of the build). The old seeding held the whole dump in memory
 * and dies there; the streamed one passes it through a fixed buffer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepChain.class)
class ReplicaSeedingAgainstRealMariaDbIT {
    static final int ROWS = 300_000;
    static final String HEAP = "-Xmx64m";
    private static final long HEAP_BYTES = 64L << 20;
    private static final Pattern STREAMED = Pattern.compile("seeding: (\\d+) bytes streamed from (\\S+)");

    private LocalMariaDbServers dbs;
    private Path secretsDir;

    @BeforeAll
    void startServers() throws Exception {
        dbs = new LocalMariaDbServers(List.of("masterdb1", "db2", "db3"));
        secretsDir = Files.createTempDirectory("rolestack-secrets-").resolve("test");
        dbs.sql("masterdb1", "CREATE DATABASE app; CREATE TABLE app.big (id INT PRIMARY KEY, b VARBINARY(1024)) ENGINE=InnoDB;");
        // In batches: one 300 MB transaction would only test the undo log.
        for (int from = 1; from <= ROWS; from += 50_000) {
            dbs.sql("masterdb1", "INSERT INTO app.big SELECT seq, RANDOM_BYTES(1024) FROM app.seq_" + from + "_to_" + (from + 49_999));
        }
    }

    @AfterAll
    void stopServers() throws Exception {
        if (dbs != null) dbs.close();
        if (secretsDir != null) {
            try (var walk = Files.walk(secretsDir.getParent())) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void newReplicasAreSeededByStreamingThroughASmallHeap() throws Exception {
        List<String> out = replicateInSmallHeap();

        assertThat(maxHeapReported(out)).as("the child's heap").isPositive().isLessThanOrEqualTo(HEAP_BYTES);
        List<Long> streamed = streamed(out);
        assertThat(streamed).as("db2 and db3 seeded by streaming\n" + String.join("\n", out)).hasSize(2)
                .allSatisfy(bytes -> assertThat(bytes).isGreaterThan(4 * HEAP_BYTES));
        assertThat(out).anyMatch(l -> l.matches("\\[result] db2.test.wpdn replication link CHANGED seeded from masterdb1.test.wpdn at GTID .*"))
                .anyMatch(l -> l.matches("\\[result] db3.test.wpdn replication link CHANGED seeded from db2.test.wpdn at GTID .*"));
        String want = dbs.sql("masterdb1", "SELECT COUNT(*), SUM(CRC32(b)) FROM app.big");
        assertThat(want).startsWith(ROWS + "\t");
        for (String r : List.of("db2", "db3")) assertThat(dbs.sql(r, "SELECT COUNT(*), SUM(CRC32(b)) FROM app.big")).as(r).isEqualTo(want);
        // and replication runs from there
        dbs.sql("masterdb1", "INSERT INTO app.big VALUES (" + (ROWS + 1) + ", 'after seeding')");
        caughtUp("db2", "db3");
        for (String r : List.of("db2", "db3")) assertThat(dbs.sql(r, "SELECT b FROM app.big WHERE id = " + (ROWS + 1))).isEqualTo("after seeding");
    }

    @Test
    @Order(2)
    void aSecondReplicateChangesNothing() throws Exception {
        List<String> out = replicateInSmallHeap();
        assertThat(out).filteredOn(l -> l.startsWith("[result]")).as(String.join("\n", out)).isNotEmpty()
                .allSatisfy(l -> assertThat(l).contains(" OK"));
        assertThat(streamed(out)).isEmpty();
    }

    @Test
    @Order(3)
    void aReplicaBehindPurgedBinlogsIsReSeededAndReplicatesAgain() throws Exception {
        dbs.sql("db3", "STOP SLAVE");
        dbs.sql("masterdb1", "INSERT INTO app.big VALUES (" + (ROWS + 2) + ", 'while db3 was stopped')");
        dbs.sql("masterdb1", "FLUSH BINARY LOGS");
        caughtUp("db2");
        // InnoDB keeps the previous binlog until its checkpoint reaches the new one: purge until it has gone
        Wait.upTo(Duration.ofSeconds(60)).every(Duration.ofMillis(500)).until(() -> {
            dbs.sql("masterdb1", "PURGE BINARY LOGS TO '" + lastBinlog() + "'");
            return dbs.sql("masterdb1", "SHOW BINARY LOGS").lines().count() == 1;
        }, () -> new IllegalStateException("the primary keeps more than its newest binlog: " + dbs.sql("masterdb1", "SHOW BINARY LOGS")));

        List<String> out = replicateInSmallHeap();

        assertThat(out).as(String.join("\n", out)).anyMatch(l -> l.matches(
                "\\[result] db3.test.wpdn replication link CHANGED re-seeded from db2.test.wpdn at GTID .*binlogs no longer cover.*1236.*"));
        assertThat(streamed(out)).hasSize(1).allSatisfy(bytes -> assertThat(bytes).isGreaterThan(4 * HEAP_BYTES));
        assertThat(dbs.sql("db3", "SELECT b FROM app.big WHERE id = " + (ROWS + 2))).isEqualTo("while db3 was stopped");
        dbs.sql("masterdb1", "INSERT INTO app.big VALUES (" + (ROWS + 3) + ", 'after re-seeding')");
        caughtUp("db2", "db3");
        assertThat(dbs.sql("db3", "SELECT b FROM app.big WHERE id = " + (ROWS + 3))).isEqualTo("after re-seeding");
        assertThat(dbs.sql("db3", "SELECT COUNT(*) FROM app.big")).isEqualTo(String.valueOf(ROWS + 3));
        assertThat(dbs.sql("db3", "SELECT @@read_only")).isEqualTo("1");
        // the datadir was replaced in place: nothing left beside it
        Path db3 = dbs.server("db3").dir();
        assertThat(Files.exists(db3.resolve("data.rolestack-old"))).isFalse();
        assertThat(Files.exists(db3.resolve("data.rolestack-seed"))).isFalse();
    }

    private String lastBinlog() {
        String logs = dbs.sql("masterdb1", "SHOW BINARY LOGS");
        String[] lines = logs.split("\n");
        return lines[lines.length - 1].split("\t")[0];
    }

    private void caughtUp(String... replicas) {
        String pos = dbs.sql("masterdb1", "SELECT @@gtid_binlog_pos");
        for (String r : replicas) assertThat(dbs.sql(r, "SELECT MASTER_GTID_WAIT('" + pos + "', 60)")).as(r + " catches up to " + pos).isEqualTo("0");
    }

    /** Runs {@link ReplicateInSmallHeap} in a JVM with {@value #HEAP}; its output lines. */
    private List<String> replicateInSmallHeap() throws Exception {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> cmd = new ArrayList<>(List.of(java, HEAP, "-cp", System.getProperty("java.class.path"),
                ReplicateInSmallHeap.class.getName(), secretsDir.toString()));
        for (String n : List.of("masterdb1", "db2", "db3")) cmd.add(n + "=" + dbs.server(n).dir() + ":" + dbs.server(n).port());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                System.out.println("[child] " + line);
                out.add(line);
            }
        }
        assertThat(p.waitFor(30, TimeUnit.MINUTES)).as("replicate ended").isTrue();
        assertThat(p.exitValue()).as("replicate in " + HEAP + ":\n" + String.join("\n", out)).isZero();
        assertThat(out).noneMatch(l -> l.contains("OutOfMemoryError"));
        return out;
    }

    private static long maxHeapReported(List<String> out) {
        return out.stream().filter(l -> l.startsWith("[heap] max ")).map(l -> Long.parseLong(l.substring(11).strip())).findFirst().orElse(-1L);
    }

    private static List<Long> streamed(List<String> out) {
        List<Long> bytes = new ArrayList<>();
        for (String l : out) {
            Matcher m = STREAMED.matcher(l);
            if (m.find()) bytes.add(Long.parseLong(m.group(1)));
        }
        return bytes;
    }
}
