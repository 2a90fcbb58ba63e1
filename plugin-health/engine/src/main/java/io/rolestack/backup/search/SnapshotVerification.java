package io.rolestack.backup.search;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The last restore test of a snapshot: restored into renamed indices, documents counted, the copies deleted.
 *
 * @param at       when it ended
 * @param ok       the restore copied every shard and every index's count matched (see {@link SnapshotRecord#expected})
 * @param restored documents per source index as counted in its restored copy (only the ones that could be counted)
 * @param took     how long it took
 * @param message  what passed, or the first thing that failed
 */
public record SnapshotVerification(Instant at, boolean ok, Map<String, Long> restored, Duration took, String message) {
    public SnapshotVerification {
        restored = Map.copyOf(restored);
    }
}
