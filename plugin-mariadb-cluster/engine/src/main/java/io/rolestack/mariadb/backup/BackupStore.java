package io.rolestack.mariadb.backup;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.Remote;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Where backups are kept, one directory per backup ({@code ID/data.mbstream.zst} and {@code ID/backup.json}):
 * a directory of the machine running rolestack ({@link DirectoryBackupStore}) or of a {@code backup} host
 * ({@link HostBackupStore}). Both keep the same promises: a backup is written under {@code .partial-ID} and renamed
 * into place only once complete; metadata updates are atomic; a deletion renames first; one run at a time holds
 * {@link #lock()}. Data never passes through the heap: it flows from the command producing it into the store
 * ({@link Partial#receive}) and from the store into the command consuming it ({@link #send}), hashed on the way.
 */
public sealed interface BackupStore permits DirectoryBackupStore, HostBackupStore {
    /** A backup being written, and one being deleted: never listed, removed by the next prune. */
    String PARTIAL = ".partial-";
    String DELETING = ".deleting-";

    /** Whether a directory name is the leftover of a run that died. */
    static boolean isLeftover(String name) {
        return (name.startsWith(PARTIAL) || name.startsWith(DELETING)) && !name.contains("/");
    }

    /** The store for messages: {@code /var/backups/rolestack} or {@code backup1.production.wpdn:/var/backups/rolestack}. */
    String location();

    /** Every backup, oldest first (ids sort by time). Partial and half-deleted directories are not backups. */
    List<StoredBackup> list();

    /** One backup; a {@link BackupException} naming the store when there is no such backup. */
    StoredBackup get(String id);

    /** Whether a backup (or anything) already has this id. */
    boolean contains(String id);

    /** Bytes available for new backups where they are kept (df's "avail" of the store's file system). */
    long freeBytes();

    /** A new backup's directory, not a backup until {@link Partial#commit}. */
    Partial begin(String id);

    /** Replaces a backup's metadata atomically (a reader sees the old or the new verdict, never half). */
    StoredBackup update(StoredBackup b, BackupMetadata metadata);

    /** Renames the backup away first, so a deletion cut short leaves no half backup under its id. */
    void delete(StoredBackup b);

    /** Leftovers of runs that died ({@code .partial-*}, {@code .deleting-*}); only call while holding {@link #lock()}. */
    List<String> leftovers();

    void deleteLeftover(String name);

    /** A backup's data file for messages: {@code LOCATION/ID/data.mbstream.zst}. */
    default String dataLocation(StoredBackup b) {
        return location() + "/" + b.id() + "/" + StoredBackup.DATA;
    }

    /** The stored data file's sha256, read again from where it is kept. */
    String sha256(StoredBackup b);

    /**
     * Streams a backup's data file into {@code command}'s stdin on {@code to}; the sha256 covers the whole file,
     * also when the command stopped reading early.
     */
    Sent send(StoredBackup b, Remote to, Command command);

    /** One backup run per store at a time (take, verify, prune), released by {@link Lock#close()} or when the process dies. */
    Lock lock();

    /** A backup being written. */
    interface Partial extends AutoCloseable {
        String id();

        /** Runs {@code command} on {@code from} with its stdout going into the data file (private to its owner). */
        Received receive(Remote from, Command command);

        /** Syncs the data, writes the metadata, then renames the directory into place: from now on it is a backup. */
        StoredBackup commit(BackupMetadata metadata);

        /** Removes what an unfinished backup wrote. */
        @Override
        void close();
    }

    interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /** What the producing command did, and the bytes stored with their sha256. */
    record Received(ExecResult result, long bytes, String sha256) {
    }

    /** What the consuming command did, and the sha256 of the whole stored file. */
    record Sent(ExecResult result, String sha256) {
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
