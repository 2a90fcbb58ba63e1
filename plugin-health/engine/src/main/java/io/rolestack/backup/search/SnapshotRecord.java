package io.rolestack.backup.search;

import java.util.Map;
import java.util.Optional;

/**
 * What Rolestack knows of one of its snapshots beyond what the node reports, kept in the record directory
 * ({@link RecordStore}): the document count of every index just before the snapshot started and right after
 * it ended, and the last restore test.
 *
 * <p>Why two counts: a snapshot copies each shard as of its start, so while an index is written to, its
 * snapshot holds a count between the two (for indices that are only appended to). When the two are equal
 * the restored count must equal them exactly.
 */
public record SnapshotRecord(String repository, String snapshot, Map<String, Long> countsBefore, Map<String, Long> countsAfter,
                             Optional<SnapshotVerification> verification) {
    public static final String FORMAT = "rolestack-search-snapshot/1";

    public SnapshotRecord {
        countsBefore = Map.copyOf(countsBefore);
        countsAfter = Map.copyOf(countsAfter);
    }

    public SnapshotRecord withVerification(SnapshotVerification v) {
        return new SnapshotRecord(repository, snapshot, countsBefore, countsAfter, Optional.of(v));
    }

    /** Why {@code restored} documents in the copy of {@code index} are wrong, or empty when they are right. */
    public Optional<String> expected(String index, long restored) {
        Long before = countsBefore.get(index);
        Long after = countsAfter.get(index);
        if (before == null || after == null) return Optional.of(index + ": no count recorded at snapshot time");
        long lo = Math.min(before, after);
        long hi = Math.max(before, after);
        if (lo == hi && restored != lo) {
            return Optional.of(index + ": restored " + restored + " documents, the index had " + lo + " when the snapshot was taken");
        }
        if (restored < lo || restored > hi) {
            return Optional.of(index + ": restored " + restored + " documents, outside " + lo + ".." + hi
                    + " (the index's counts before and after the snapshot)");
        }
        return Optional.empty();
    }
}
