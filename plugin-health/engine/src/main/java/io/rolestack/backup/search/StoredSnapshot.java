package io.rolestack.backup.search;

import java.util.Optional;

/**
 * One snapshot of the repository with Rolestack's record of it (absent when never recorded here; {@code problem}
 * says why the record could not be read, if it could not).
 */
public record StoredSnapshot(SnapshotInfo info, Optional<SnapshotRecord> record, String problem) {
    /** Rolestack's snapshots are named {@code rolestack-yyyyMMdd-HHmmss}; other snapshots in the repository are left alone. */
    public static final String PREFIX = "rolestack-";

    public String name() {
        return info.name();
    }

    public boolean managed() {
        return info.name().startsWith(PREFIX);
    }

    /** SUCCESS with every shard, and the last restore test passed: PARTIAL/FAILED never count, whatever a record says. */
    public boolean valid() {
        return info.succeeded() && lastVerification().map(SnapshotVerification::ok).orElse(false);
    }

    public Optional<SnapshotVerification> lastVerification() {
        return record.flatMap(SnapshotRecord::verification);
    }
}
