package io.rolestack.mariadb.backup;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One backup directory of a {@link BackupStore}: its data file and its metadata, or why the metadata
 * cannot be read (such a backup is never valid, and never deleted by retention: its age is unknown).
 */
public record StoredBackup(String id, Path dir, BackupMetadata metadata, String problem) {
    public static final String DATA = "data.mbstream.zst";
    public static final String METADATA = "backup.json";

    public Path dataFile() {
        return dir.resolve(DATA);
    }

    public Path metadataFile() {
        return dir.resolve(METADATA);
    }

    public Optional<BackupMetadata> readable() {
        return Optional.ofNullable(metadata);
    }

    public boolean valid() {
        return metadata != null && metadata.valid();
    }
}
