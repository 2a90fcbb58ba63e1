package io.rolestack.jenkins.bridge;

import java.io.Serializable;

/**
 * The options of {@code rolestackBackup} (unset = null: the CLI's defaults), as
 * plain serializable values.
 *
 * @param backupId verify and search verify: the backup or snapshot to restore-test ({@code rolestack backup verify ID};
 *                 default the newest)
 * @param dryRun   prune and search prune: only say what would be deleted ({@code --dry-run}, default false)
 * @param junit    the JUnit XML file, relative to the workspace ({@code --junit}; default
 *                 {@value Requests#DEFAULT_BACKUP_JUNIT} for db, verify, search and search verify, none for list and prune)
 */
public record BackupArguments(String backupId, Boolean dryRun, String junit) implements Serializable {
    public BackupArguments(String backupId, Boolean dryRun) {
        this(backupId, dryRun, null);
    }

    public static BackupArguments none() {
        return new BackupArguments(null, null, null);
    }
}
