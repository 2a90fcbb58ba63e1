package io.rolestack.backup.search;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The restore test of a snapshot, on the cluster it came from: every index restored under
 * {@code rolestack-verify-INDEX} (no aliases, no global state, no replicas), its documents counted and compared
 * with the counts recorded when the snapshot was taken ({@link SnapshotRecord#expected}), the copies deleted
 * whatever happened. The cluster needs room for one more copy of the snapshot's primaries meanwhile.
 *
 * <p>A snapshot that is not SUCCESS (PARTIAL, FAILED) is not restored at all: it fails the test as it is.
 */
final class RestoreTest {
    static final String COPY_PREFIX = "rolestack-verify-";

    private final SearchHttp http;
    private final String repository;
    private final Clock clock;
    private final Consumer<String> progress;

    RestoreTest(SearchHttp http, String repository, Clock clock, Consumer<String> progress) {
        this.http = http;
        this.repository = repository;
        this.clock = clock;
        this.progress = progress;
    }

    SnapshotVerification run(SnapshotInfo info, Optional<SnapshotRecord> record) {
        Instant start = clock.instant();
        if (!info.succeeded()) {
            return done(start, false, Map.of(), "state " + info.state() + " (" + info.shardsFailed() + " shards failed): never valid, not restored");
        }
        if (record.isEmpty()) {
            return done(start, false, Map.of(), "no record of the counts at snapshot time (not taken by this rolestack, or its record dir lost)");
        }
        List<String> copies = info.indices().stream().map(i -> COPY_PREFIX + i).toList();
        deleteCopies(copies);
        Map<String, Long> restored = new LinkedHashMap<>();
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("indices", String.join(",", info.indices()));
            body.put("include_global_state", false);
            body.put("include_aliases", false);
            body.put("partial", false);
            body.put("rename_pattern", "(.+)");
            body.put("rename_replacement", COPY_PREFIX + "$1");
            body.put("index_settings", Map.of("index.number_of_replicas", 0));
            String path = "_snapshot/" + repository + "/" + info.name() + "/_restore?wait_for_completion=true";
            SearchHttp.Response r = http.post(path, body);
            if (!r.ok()) return done(start, false, restored, "restore failed: " + http.describe("POST", path, r));
            JsonNode shards = r.body().path("snapshot").path("shards");
            if (shards.path("failed").asInt(0) > 0 || shards.path("successful").asInt(-1) != shards.path("total").asInt(-2)) {
                return done(start, false, restored, "restore copied " + shards.path("successful").asInt(0) + " of "
                        + shards.path("total").asInt(0) + " shards (" + shards.path("failed").asInt(0) + " failed)");
            }
            progress.accept("snapshot " + info.name() + ": restored into " + String.join(", ", copies));
            List<String> wrong = new ArrayList<>();
            for (String index : info.indices()) {
                long n = SearchSnapshots.counts(http, List.of(COPY_PREFIX + index)).get(COPY_PREFIX + index);
                restored.put(index, n);
                record.get().expected(index, n).ifPresent(wrong::add);
            }
            if (!wrong.isEmpty()) return done(start, false, restored, String.join("; ", wrong));
            return done(start, true, restored, info.indices().size() + " indices restored, document counts match");
        } catch (SearchException e) {
            return done(start, false, restored, e.getMessage());
        } finally {
            deleteCopies(copies);
        }
    }

    private void deleteCopies(List<String> copies) {
        if (copies.isEmpty()) return;
        String path = String.join(",", copies) + "?ignore_unavailable=true";
        http.ok("DELETE", path, null, "delete restored copies " + String.join(",", copies));
    }

    private SnapshotVerification done(Instant start, boolean ok, Map<String, Long> restored, String message) {
        Instant end = clock.instant();
        progress.accept("restore test: " + (ok ? "passed" : "FAILED") + ": " + message);
        return new SnapshotVerification(end, ok, restored, Duration.between(start, end), message);
    }
}
