package io.rolestack.jenkins.bridge;

import java.io.Serializable;

/**
 * The options of {@code rolestackBackup} (unset = null: the CLI's defaults), as
 * plain serializable values.
 *
 * @param backupId verify: the backup to restore-test ({@code rolestack backup verify ID}; default the newest)
 * @param dryRun   prune: only say what would be deleted ({@code --dry-run}, default false)
 */
public record BackupArguments(String backupId, Boolean dryRun) implements Serializable {
    public static BackupArguments none() {
        return new BackupArguments(null, null);
    }
}
