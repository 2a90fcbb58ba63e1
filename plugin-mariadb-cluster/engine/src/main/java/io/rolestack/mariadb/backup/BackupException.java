package io.rolestack.mariadb.backup;

/** A backup, restore test or prune could not be done; the message names the host or file and what failed. */
public class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
