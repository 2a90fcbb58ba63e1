package io.rolestack.backup.search;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which snapshots pruning deletes: the rules of the MariaDB backups' {@code Retention}, over snapshots.
 * Only valid snapshots (SUCCESS and a passed restore test) count:
 * <ul>
 *   <li>the newest valid snapshot always stays, whatever its age: never fewer than one valid snapshot;</li>
 *   <li>another valid one goes when it is not among the {@code keep} newest valid ones, or is older than {@code maxAge};</li>
 *   <li>one that is not valid (FAILED, PARTIAL, restore test failed or never run) goes once a newer valid one exists;
 *       a newer one stays (it may still be tested);</li>
 *   <li>with no valid snapshot nothing goes; a snapshot still running, one whose record is unreadable, and
 *       snapshots not named {@code rolestack-…} (someone else's) never go.</li>
 * </ul>
 * A separate class, not the MariaDB one, because that one decides over the backup directory's entries and
 * lives in the MariaDB engine, which this engine does not depend on; the rules are the same and are tested
 * on both sides.
 *
 * @param keep   how many valid snapshots stay at most (at least 1), empty for no count limit
 * @param maxAge how old a valid snapshot may get (the newest excepted), empty for no age limit
 */
public record SnapshotRetention(Optional<Integer> keep, Optional<Duration> maxAge) {
    public SnapshotRetention {
        if (keep.isPresent() && keep.get() < 1) throw new IllegalArgumentException("keep must be at least 1, was " + keep.get());
        if (keep.isEmpty() && maxAge.isEmpty()) throw new IllegalArgumentException("retention needs keep and/or maxAge");
    }

    /** One snapshot's fate and why. */
    public record Decision(String snapshot, boolean delete, String reason) {
    }

    /** A decision per snapshot, in the order given. */
    public List<Decision> decide(List<StoredSnapshot> snapshots, Instant now) {
        List<StoredSnapshot> valid = snapshots.stream().filter(s -> s.managed() && s.valid())
                .sorted(Comparator.comparing((StoredSnapshot s) -> ended(s)).reversed()).toList();
        Optional<StoredSnapshot> newest = valid.stream().findFirst();
        List<Decision> out = new ArrayList<>();
        for (StoredSnapshot s : snapshots) {
            if (!s.managed()) {
                out.add(new Decision(s.name(), false, "kept: not a rolestack snapshot"));
            } else if (!s.info().finished()) {
                out.add(new Decision(s.name(), false, "kept: " + s.info().state()));
            } else if (s.problem() != null) {
                out.add(new Decision(s.name(), false, "kept: record unreadable (" + s.problem() + ")"));
            } else if (newest.isEmpty()) {
                out.add(new Decision(s.name(), false, "kept: there is no valid snapshot yet"));
            } else if (s.valid()) {
                int rank = valid.indexOf(s);
                Duration age = Duration.between(ended(s), now);
                if (rank == 0) {
                    out.add(new Decision(s.name(), false, "kept: newest valid snapshot"));
                } else if (keep.isPresent() && rank >= keep.get()) {
                    out.add(new Decision(s.name(), true, "valid snapshot #" + (rank + 1) + " (newest first), beyond keep " + keep.get()));
                } else if (maxAge.isPresent() && age.compareTo(maxAge.get()) > 0) {
                    out.add(new Decision(s.name(), true, "valid, " + human(age) + " old, beyond maxAge " + human(maxAge.get())));
                } else {
                    out.add(new Decision(s.name(), false, "kept: valid snapshot #" + (rank + 1)));
                }
            } else if (ended(s).isBefore(ended(newest.get()))) {
                out.add(new Decision(s.name(), true, "not valid (" + why(s) + "), older than the newest valid snapshot " + newest.get().name()));
            } else {
                out.add(new Decision(s.name(), false, "kept: not valid (" + why(s) + ") but newer than the newest valid snapshot"));
            }
        }
        return out;
    }

    static String why(StoredSnapshot s) {
        if (!s.info().succeeded()) return "state " + s.info().state() + (s.info().shardsFailed() > 0 ? ", " + s.info().shardsFailed() + " shards failed" : "");
        return s.lastVerification().map(v -> "restore test failed").orElse("never restore-tested");
    }

    private static Instant ended(StoredSnapshot s) {
        return s.info().endedAt().orElse(s.info().startedAt());
    }

    static String human(Duration d) {
        if (d.toDays() >= 1) return d.toDays() + "d";
        if (d.toHours() >= 1) return d.toHours() + "h";
        return Math.max(0, d.toMinutes()) + "m";
    }
}
