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

    /** A backup directory's entry from its metadata text; {@code where} names the file in messages. */
    static StoredBackup parse(String id, Path dir, String metadata, String where) {
        try {
            BackupMetadata m = BackupMetadata.parse(metadata, where);
            if (!m.id().equals(id)) return new StoredBackup(id, dir, null, where + ": its id is '" + m.id() + "', not the directory's");
            return new StoredBackup(id, dir, m, "");
        } catch (BackupException e) {
            return new StoredBackup(id, dir, null, e.getMessage());
        }
    }

    /** Whether {@code id} can name a backup of a store: not blank, not a dot file, not a path. */
    static boolean isId(String id) {
        return !id.isBlank() && !id.startsWith(".") && !id.contains("/");
    }

    /** A new backup's id: a plain name, never a dot file or a path. */
    static void checkNewId(String id) {
        if (!id.matches("[0-9A-Za-z][0-9A-Za-z._-]*")) throw new IllegalArgumentException("bad backup id '" + id + "'");
    }

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
