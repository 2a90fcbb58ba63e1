package io.rolestack.platform.backup;

import io.rolestack.mariadb.backup.MariaDbBackups;
import io.rolestack.mariadb.backup.StoredBackup;

import java.util.List;
import java.util.Optional;

/**
 * What a backup operation did.
 *
 * @param operation {@code db}, {@code verify}, {@code list} or {@code prune}
 * @param ok        db: taken (and, when verified, valid); verify: valid; list: always; prune: done
 * @param message   one line: what happened or the first failure
 * @param target    where the backups are: a directory here, or {@code HOST:DIR} of a backup host
 * @param backups   db/verify: the backup concerned (empty when none was stored); list: every backup, oldest first
 * @param prune     prune's decisions and notes
 */
public record BackupReport(String operation, boolean ok, String message, String target, List<StoredBackup> backups,
                           Optional<MariaDbBackups.PruneResult> prune) {
    public BackupReport {
        backups = List.copyOf(backups);
    }

    public int exitCode() {
        return ok ? 0 : 1;
    }
}
