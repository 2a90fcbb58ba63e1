package io.rolestack.backup.search;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One snapshot as the node reports it ({@code GET _snapshot/REPO/NAME}).
 *
 * @param state        {@code IN_PROGRESS}, {@code SUCCESS}, {@code PARTIAL}, {@code FAILED} or {@code INCOMPATIBLE}
 * @param endedAt      empty while in progress
 * @param shardsFailed shards that could not be snapshotted (a PARTIAL snapshot has some)
 * @param failures     the node's reasons, one line each
 */
public record SnapshotInfo(String name, String state, Instant startedAt, Optional<Instant> endedAt, List<String> indices,
                           int shardsFailed, List<String> failures) {
    public static final String SUCCESS = "SUCCESS";
    public static final String IN_PROGRESS = "IN_PROGRESS";

    /** Only a snapshot whose every shard was copied: PARTIAL, FAILED and INCOMPATIBLE never count. */
    public boolean succeeded() {
        return SUCCESS.equals(state) && shardsFailed == 0;
    }

    public boolean finished() {
        return !IN_PROGRESS.equals(state) && !"STARTED".equals(state);
    }

    static SnapshotInfo parse(JsonNode s) {
        List<String> indices = new ArrayList<>();
        s.path("indices").forEach(i -> indices.add(i.asText()));
        List<String> failures = new ArrayList<>();
        s.path("failures").forEach(f -> failures.add(f.path("index").asText("?") + "[" + f.path("shard_id").asText("?") + "]: "
                + f.path("reason").asText(f.toString())));
        long end = s.path("end_time_in_millis").asLong(0);
        return new SnapshotInfo(s.path("snapshot").asText(), s.path("state").asText("UNKNOWN"),
                Instant.ofEpochMilli(s.path("start_time_in_millis").asLong(0)),
                end > 0 ? Optional.of(Instant.ofEpochMilli(end)) : Optional.empty(),
                List.copyOf(indices), s.path("shards").path("failed").asInt(0), List.copyOf(failures));
    }
}
