package io.rolestack.backup.search;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotRetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-07T04:00:00Z");

    @Test
    void keepsTheNewestValidOnesAndNeverFewerThanOne() {
        List<StoredSnapshot> s = List.of(valid("rolestack-a", 4), valid("rolestack-b", 3), valid("rolestack-c", 2), valid("rolestack-d", 1));
        assertThat(deleted(new SnapshotRetention(Optional.of(2), Optional.empty()), s)).containsExactly("rolestack-a", "rolestack-b");
        assertThat(deleted(new SnapshotRetention(Optional.empty(), Optional.of(Duration.ofHours(1))), s))
                .as("all older than maxAge: the newest valid one stays").containsExactly("rolestack-a", "rolestack-b", "rolestack-c");
    }

    @Test
    void failedPartialAndUntestedSnapshotsNeverCountAndGoOnlyBehindAValidOne() {
        StoredSnapshot partial = snapshot("rolestack-p", 5, "PARTIAL", 1, Optional.of(true));
        StoredSnapshot failed = snapshot("rolestack-f", 4, "FAILED", 0, Optional.of(true));
        StoredSnapshot untested = snapshot("rolestack-u", 3, "SUCCESS", 0, Optional.empty());
        StoredSnapshot badRestore = snapshot("rolestack-r", 2, "SUCCESS", 0, Optional.of(false));
        SnapshotRetention keep1 = new SnapshotRetention(Optional.of(1), Optional.empty());

        assertThat(partial.valid()).as("PARTIAL with a passed restore test on record").isFalse();
        assertThat(deleted(keep1, List.of(partial, failed, untested, badRestore))).as("no valid snapshot: nothing goes").isEmpty();
        StoredSnapshot good = valid("rolestack-g", 1);
        StoredSnapshot newerUntested = snapshot("rolestack-n", 0, "SUCCESS", 0, Optional.empty());
        assertThat(deleted(keep1, List.of(partial, failed, untested, badRestore, good, newerUntested)))
                .containsExactly("rolestack-p", "rolestack-f", "rolestack-u", "rolestack-r");
    }

    @Test
    void othersSnapshotsAndRunningOnesStay() {
        List<StoredSnapshot> s = List.of(valid("manual-2025", 9), snapshot("rolestack-x", 8, "IN_PROGRESS", 0, Optional.empty()),
                valid("rolestack-a", 2), valid("rolestack-b", 1));
        assertThat(deleted(new SnapshotRetention(Optional.of(1), Optional.empty()), s)).containsExactly("rolestack-a");
    }

    @Test
    void keepBelowOneIsRefused() {
        assertThatThrownBy(() -> new SnapshotRetention(Optional.of(0), Optional.empty())).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new SnapshotRetention(Optional.empty(), Optional.empty())).hasMessageContaining("keep and/or maxAge");
    }

    @Test
    void restoredCountsMustBeTheRecordedOnesOrBetweenThemWhileWritten() {
        SnapshotRecord r = new SnapshotRecord("repo", "rolestack-a", Map.of("same", 10L, "grew", 10L), Map.of("same", 10L, "grew", 15L), Optional.empty());
        assertThat(r.expected("same", 10)).isEmpty();
        assertThat(r.expected("same", 9)).contains("same: restored 9 documents, the index had 10 when the snapshot was taken");
        assertThat(r.expected("grew", 12)).isEmpty();
        assertThat(r.expected("grew", 16)).get().asString().contains("outside 10..15");
        assertThat(r.expected("other", 1)).get().asString().contains("no count recorded");
    }

    private static List<String> deleted(SnapshotRetention r, List<StoredSnapshot> s) {
        return r.decide(s, NOW).stream().filter(SnapshotRetention.Decision::delete).map(SnapshotRetention.Decision::snapshot).toList();
    }

    private static StoredSnapshot valid(String name, int daysAgo) {
        return snapshot(name, daysAgo, "SUCCESS", 0, Optional.of(true));
    }

    private static StoredSnapshot snapshot(String name, int daysAgo, String state, int shardsFailed, Optional<Boolean> restoreOk) {
        Instant end = NOW.minus(Duration.ofDays(daysAgo));
        SnapshotInfo info = new SnapshotInfo(name, state, end.minusSeconds(30),
                "IN_PROGRESS".equals(state) ? Optional.empty() : Optional.of(end), List.of("i"), shardsFailed, List.of());
        return new StoredSnapshot(info, Optional.of(new SnapshotRecord("repo", name, Map.of("i", 1L), Map.of("i", 1L),
                restoreOk.map(ok -> new SnapshotVerification(end, ok, Map.of("i", 1L), Duration.ZERO, "")))), null);
    }
}
