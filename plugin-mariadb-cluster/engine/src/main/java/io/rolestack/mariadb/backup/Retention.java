package io.rolestack.mariadb.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which backups pruning deletes. Only valid backups (a passed restore test) count:
 * <ul>
 *   <li>the newest valid backup always stays, whatever its age: never fewer than one valid backup;</li>
 *   <li>another valid backup goes when it is not among the {@code keep} newest valid ones, or is older than {@code maxAge};</li>
 *   <li>a backup that is not valid (failed or no restore test, checksum mismatch) goes once a newer valid backup exists;
 *       a newer one stays (it may still be tested);</li>
 *   <li>with no valid backup at all nothing goes; a backup whose metadata cannot be read never goes (its age is unknown).</li>
 * </ul>
 *
 * @param keep   how many valid backups stay at most (at least 1), empty for no count limit
 * @param maxAge how old a valid backup may get (the newest excepted), empty for no age limit
 */
public record Retention(Optional<Integer> keep, Optional<Duration> maxAge) {
    public Retention {
        if (keep.isPresent() && keep.get() < 1) throw new IllegalArgumentException("keep must be at least 1, was " + keep.get());
        if (keep.isEmpty() && maxAge.isEmpty()) throw new IllegalArgumentException("retention needs keep and/or maxAge");
    }

    /** One backup's fate and why. */
    public record Decision(String id, boolean delete, String reason) {
    }

    /** A decision per backup, in the order given. */
    public List<Decision> decide(List<StoredBackup> backups, Instant now) {
        List<StoredBackup> valid = backups.stream().filter(StoredBackup::valid)
                .sorted(Comparator.comparing((StoredBackup b) -> b.metadata().endedAt()).reversed()).toList();
        Optional<StoredBackup> newest = valid.stream().findFirst();
        List<Decision> out = new ArrayList<>();
        for (StoredBackup b : backups) {
            if (b.metadata() == null) {
                out.add(new Decision(b.id(), false, "kept: metadata unreadable (" + b.problem() + ")"));
            } else if (newest.isEmpty()) {
                out.add(new Decision(b.id(), false, "kept: there is no valid backup yet"));
            } else if (b.valid()) {
                int rank = valid.indexOf(b);
                Duration age = Duration.between(b.metadata().endedAt(), now);
                if (rank == 0) {
                    out.add(new Decision(b.id(), false, "kept: newest valid backup"));
                } else if (keep.isPresent() && rank >= keep.get()) {
                    out.add(new Decision(b.id(), true, "valid backup #" + (rank + 1) + " (newest first), beyond keep " + keep.get()));
                } else if (maxAge.isPresent() && age.compareTo(maxAge.get()) > 0) {
                    out.add(new Decision(b.id(), true, "valid, " + human(age) + " old, beyond maxAge " + human(maxAge.get())));
                } else {
                    out.add(new Decision(b.id(), false, "kept: valid backup #" + (rank + 1)));
                }
            } else if (b.metadata().endedAt().isBefore(newest.get().metadata().endedAt())) {
                out.add(new Decision(b.id(), true, "not valid (" + why(b) + "), older than the newest valid backup " + newest.get().id()));
            } else {
                out.add(new Decision(b.id(), false, "kept: not valid (" + why(b) + ") but newer than the newest valid backup"));
            }
        }
        return out;
    }

    private static String why(StoredBackup b) {
        return b.metadata().lastVerification().map(v -> v.checksumOk() ? "restore test failed" : "checksum mismatch")
                .orElse("never restore-tested");
    }

    static String human(Duration d) {
        if (d.toDays() >= 1) return d.toDays() + "d";
        if (d.toHours() >= 1) return d.toHours() + "h";
        return Math.max(0, d.toMinutes()) + "m";
    }
}
