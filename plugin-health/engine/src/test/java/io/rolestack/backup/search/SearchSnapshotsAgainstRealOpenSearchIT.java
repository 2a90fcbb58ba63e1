package io.rolestack.backup.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.rolestack.core.wait.Wait;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Snapshots, restore tests and retention against a real OpenSearch 2.19.6 node ({@link OpenSearchTestNode}: the
 * server's own code in this JVM, HTTP over netty4 on 127.0.0.1, {@code path.repo} a temp dir). Each test has its
 * own repository; they share the node and its indices.
 */
class SearchSnapshotsAgainstRealOpenSearchIT {
    private static final int PRODUCTS = 1234;
    private static final int LOGS = 321;

    @TempDir
    static Path home;
    static OpenSearchTestNode node;
    static SearchHttp http;

    @BeforeAll
    static void startNode() throws Exception {
        node = OpenSearchTestNode.start(home.resolve("node"));
        http = new SearchHttp(node.httpUri(), Duration.ofSeconds(60));
        Wait.upTo(Duration.ofSeconds(60)).until(() -> http.get("_cluster/health?wait_for_status=yellow&timeout=1s").ok(),
                () -> new IllegalStateException("node not yellow after 60 s at " + node.httpUri()));
        createIndex("products", 2);
        bulk("products", PRODUCTS);
        createIndex("logs-2026.12.07", 1);
        bulk("logs-2026.12.07", LOGS);
    }

    @AfterAll
    static void stopNode() throws IOException {
        if (node != null) node.close();
    }

    @Test
    void snapshotIsTakenUnderADatedNameRestoredRenamedAndItsCountsMatch(@TempDir Path records) {
        SearchSnapshots s = snapshots("nightly", records);
        s.registerFsRepository(node.repoRoot().resolve("nightly").toString());

        StoredSnapshot snap = s.snapshot(List.of("products", "logs-*"));

        assertThat(snap.name()).matches("rolestack-\\d{8}-\\d{6}");
        assertThat(snap.info().state()).isEqualTo("SUCCESS");
        assertThat(snap.info().indices()).containsExactlyInAnyOrder("products", "logs-2026.12.07");
        assertThat(snap.valid()).as("not valid before its restore test").isFalse();
        SnapshotVerification v = s.verify(snap.name());
        assertThat(v.ok()).as(v.message()).isTrue();
        // independently of the verifier: the counts of the restored copies are the documents the test indexed
        assertThat(v.restored()).isEqualTo(Map.of("products", (long) PRODUCTS, "logs-2026.12.07", (long) LOGS));
        assertThat(indices("rolestack-verify-*")).as("restored copies deleted").isEmpty();
        assertThat(indices("products")).containsExactly("products");
        StoredSnapshot listed = only(s.list());
        assertThat(listed.valid()).isTrue();
        assertThat(Files.exists(records.resolve("nightly").resolve(snap.name() + ".json"))).isTrue();

        // a count that does not match fails the test and makes the snapshot not valid
        SnapshotRecord r = listed.record().orElseThrow();
        new RecordStore(records).write(new SnapshotRecord(r.repository(), r.snapshot(), Map.of("products", PRODUCTS + 1L,
                "logs-2026.12.07", (long) LOGS), Map.of("products", PRODUCTS + 1L, "logs-2026.12.07", (long) LOGS), r.verification()), true);
        SnapshotVerification wrong = s.verify(snap.name());
        assertThat(wrong.ok()).isFalse();
        assertThat(wrong.message()).contains("products: restored " + PRODUCTS + " documents, the index had " + (PRODUCTS + 1));
        assertThat(only(s.list()).valid()).isFalse();
        assertThat(indices("rolestack-verify-*")).isEmpty();
    }

    @Test
    void aRepositoryThatDoesNotExistIsAClearError(@TempDir Path records) {
        SearchSnapshots s = snapshots("no-such-repo", records);
        String expected = "repository no-such-repo does not exist on " + http.base();
        assertThatThrownBy(s::verifyRepository).isInstanceOf(SearchException.class).hasMessageContaining(expected);
        assertThatThrownBy(() -> s.snapshot(List.of("products"))).isInstanceOf(SearchException.class).hasMessageContaining(expected);
        assertThatThrownBy(s::list).isInstanceOf(SearchException.class).hasMessageContaining(expected);
        // a location outside the node's path.repo is refused by the node, and the error names it
        SearchSnapshots outside = snapshots("outside", records);
        assertThatThrownBy(() -> outside.registerFsRepository("/var/tmp/not-in-path-repo"))
                .isInstanceOf(SearchException.class).hasMessageContaining("repository outside at /var/tmp/not-in-path-repo")
                .hasMessageContaining("path.repo");
        // bad names never reach the node
        assertThatThrownBy(() -> snapshots("../x", records)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repository '../x'");
    }

    @Test
    void retentionDeletesTheOldestValidSnapshotsOnlyDownToTheMinimum(@TempDir Path records) {
        SearchSnapshots s = snapshots("retention", records);
        s.registerFsRepository(node.repoRoot().resolve("retention").toString());
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            StoredSnapshot snap = s.snapshot(List.of("logs-*"));
            assertThat(s.verify(snap.name()).ok()).isTrue();
            taken.add(snap.name());
        }
        SnapshotRetention keep2 = new SnapshotRetention(Optional.of(2), Optional.empty());

        assertThat(s.prune(keep2, true, Instant.now()).stream().filter(SnapshotRetention.Decision::delete).map(SnapshotRetention.Decision::snapshot))
                .containsExactly(taken.get(0), taken.get(1));
        assertThat(names(s.list())).as("dry run deletes nothing").containsExactlyElementsOf(taken);
        s.prune(keep2, false, Instant.now());
        assertThat(names(s.list())).containsExactly(taken.get(2), taken.get(3));
        assertThat(Files.exists(records.resolve("retention").resolve(taken.get(0) + ".json"))).isFalse();

        // every snapshot older than maxAge, yet the newest valid one stays
        s.prune(new SnapshotRetention(Optional.empty(), Optional.of(Duration.ofHours(1))), false, Instant.now().plus(Duration.ofDays(2)));
        assertThat(names(s.list())).containsExactly(taken.get(3));
        s.prune(new SnapshotRetention(Optional.of(1), Optional.of(Duration.ofHours(1))), false, Instant.now().plus(Duration.ofDays(2)));
        assertThat(names(s.list())).containsExactly(taken.get(3));
    }

    @Test
    void aPartialSnapshotIsNeverValidAndGoesOnlyOnceANewerValidOneExists(@TempDir Path records) throws Exception {
        SearchSnapshots s = snapshots("partial", records);
        s.registerFsRepository(node.repoRoot().resolve("partial").toString());
        // an index whose primary can never be allocated: its shard cannot be snapshotted
        JsonNode created = http.ok("PUT", "unallocated?wait_for_active_shards=0", Map.of("settings", Map.of("index.number_of_shards", 1,
                "index.number_of_replicas", 0, "index.routing.allocation.require._name", "no-such-node")), "create unallocated");
        assertThat(created.path("acknowledged").asBoolean()).isTrue();
        try {
            assertThatThrownBy(() -> s.snapshot(List.of("logs-*", "unallocated")))
                    .isInstanceOf(SearchException.class).hasMessageContaining("repository partial").hasMessageContaining("unallocated");

            // someone else's kind of snapshot (partial: true) under a rolestack name, with a forged passed restore test
            String name = "rolestack-20261201-000000";
            http.ok("PUT", "_snapshot/partial/" + name, Map.of("indices", "logs-*,unallocated", "partial", true,
                    "include_global_state", false), "partial snapshot");
            SnapshotInfo info = Wait.upTo(Duration.ofSeconds(60)).forValue(() -> Optional.of(s.info(name)).filter(SnapshotInfo::finished),
                    () -> new IllegalStateException("partial snapshot not finished"));
            assertThat(info.state()).isEqualTo("PARTIAL");
            new RecordStore(records).write(new SnapshotRecord("partial", name, Map.of(), Map.of(), Optional.of(
                    new SnapshotVerification(Instant.now(), true, Map.of(), Duration.ZERO, "forged"))), true);
            assertThat(only(s.list()).valid()).as("PARTIAL is never valid, whatever its record says").isFalse();
            SnapshotVerification v = s.verify(name);
            assertThat(v.ok()).isFalse();
            assertThat(v.message()).startsWith("state PARTIAL");
            SnapshotRetention keep1 = new SnapshotRetention(Optional.of(1), Optional.empty());
            s.prune(keep1, false, Instant.now());
            assertThat(names(s.list())).as("nothing goes while there is no valid snapshot").containsExactly(name);

            StoredSnapshot good = s.snapshot(List.of("logs-*"));
            assertThat(s.verify(good.name()).ok()).isTrue();
            s.prune(keep1, false, Instant.now());
            assertThat(names(s.list())).containsExactly(good.name());
        } finally {
            http.ok("DELETE", "unallocated", null, "delete unallocated");
        }
    }

    @Test
    void aSnapshotWhoseFilesWereDamagedFailsItsRestoreTest(@TempDir Path records) throws Exception {
        SearchSnapshots s = snapshots("damaged", records);
        Path location = node.repoRoot().resolve("damaged");
        s.registerFsRepository(location.toString());
        StoredSnapshot snap = s.snapshot(List.of("products"));
        Path largest;
        try (Stream<Path> files = Files.walk(location.resolve("indices"))) {
            largest = files.filter(Files::isRegularFile).max(Comparator.comparingLong(SearchSnapshotsAgainstRealOpenSearchIT::size)).orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(largest.toFile(), "rw")) {
            long middle = f.length() / 2;
            for (int i = 0; i < 16; i++) {
                f.seek(middle + i);
                int b = f.read();
                f.seek(middle + i);
                f.write(b ^ 0xff);
            }
        }

        SnapshotVerification v = s.verify(snap.name());

        assertThat(v.ok()).as(v.message()).isFalse();
        assertThat(only(s.list()).valid()).isFalse();
        assertThat(indices("rolestack-verify-*")).as("restored copies deleted").isEmpty();
    }

    private static SearchSnapshots snapshots(String repository, Path records) {
        return new SearchSnapshots(http, repository, new RecordStore(records), new MinuteClock(), Duration.ofSeconds(120), line -> {
            System.err.println("[" + repository + "] " + line);
        });
    }

    private static void createIndex(String name, int shards) {
        http.ok("PUT", name, Map.of("settings", Map.of("index.number_of_shards", shards, "index.number_of_replicas", 0)), "create " + name);
    }

    /** {@code n} documents through _bulk (NDJSON, which SearchHttp does not send), then a refresh. */
    private static void bulk(String index, int n) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"").append(i).append("\"}}\n");
            b.append("{\"n\":").append(i).append(",\"text\":\"document ").append(i).append(" of ").append(index).append("\"}\n");
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.base() + "_bulk?refresh=true"))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(b.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(SearchHttp.JSON.readTree(r.body()).path("errors").asBoolean(true)).as(r.body()).isFalse();
    }

    private static List<String> indices(String pattern) {
        List<String> out = new ArrayList<>();
        http.ok("GET", "_cat/indices/" + pattern + "?format=json&h=index&expand_wildcards=all", null, "list indices")
                .forEach(i -> out.add(i.path("index").asText()));
        return out;
    }

    private static List<String> names(List<StoredSnapshot> snapshots) {
        return snapshots.stream().map(StoredSnapshot::name).toList();
    }

    private static StoredSnapshot only(List<StoredSnapshot> snapshots) {
        assertThat(snapshots).hasSize(1);
        return snapshots.get(0);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Moves a minute on at every reading, so that snapshots taken in the same second still get distinct dated names. */
    private static final class MinuteClock extends Clock {
        private final AtomicLong minutes = new AtomicLong();
        private final Instant start = Instant.now();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return start.plus(Duration.ofMinutes(minutes.incrementAndGet()));
        }
    }
}
