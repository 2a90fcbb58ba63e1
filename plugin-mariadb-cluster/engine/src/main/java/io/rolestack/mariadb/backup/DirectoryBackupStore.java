package io.rolestack.mariadb.backup;

import io.rolestack.core.files.AtomicFile;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.Remote;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A {@link BackupStore} in a directory of the machine running rolestack, one directory per backup:
 * <pre>
 * DIR/20261207T041500Z-db2/data.mbstream.zst   the compressed mbstream
 * DIR/20261207T041500Z-db2/backup.json         {@link BackupMetadata}
 * DIR/.partial-ID/                              a backup being written (never listed)
 * </pre>
 * A backup is written under {@code .partial-ID} and renamed to {@code ID} only once its data and
 * metadata are complete and synced: a failed or interrupted backup never looks like one. Metadata
 * updates (a restore test's verdict) are atomic ({@link AtomicFile}); a deletion first renames the
 * directory away. Only backups are kept here: data files are private to the running user (0600).
 */
public final class DirectoryBackupStore implements BackupStore {
    private static final String LOCK = ".rolestack-backups.lock";

    private final Path dir;

    public DirectoryBackupStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    @Override
    public String location() {
        return dir.toString();
    }

    @Override
    public List<StoredBackup> list() {
        if (!Files.isDirectory(dir)) return List.of();
        List<StoredBackup> out = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path p : children.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !Files.isDirectory(p)) continue;
                out.add(read(name, p));
            }
        } catch (IOException e) {
            throw new BackupException("cannot list backups in " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public StoredBackup get(String id) {
        Path p = dir.resolve(id);
        if (!StoredBackup.isId(id) || !Files.isDirectory(p)) {
            throw new BackupException("no backup '" + id + "' in " + dir);
        }
        return read(id, p);
    }

    @Override
    public long freeBytes() {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) p = p.getParent(); // made by the first backup: its parent's file system
        try {
            return Files.getFileStore(p).getUsableSpace();
        } catch (IOException e) {
            throw new BackupException("cannot read the free space of " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean contains(String id) {
        return Files.exists(dir.resolve(id));
    }

    private StoredBackup read(String id, Path p) {
        Path meta = p.resolve(StoredBackup.METADATA);
        try {
            return StoredBackup.parse(id, p, Files.readString(meta), meta.toString());
        } catch (IOException e) {
            return new StoredBackup(id, p, null, "cannot read " + meta + ": " + e.getMessage());
        }
    }

    @Override
    public Partial begin(String id) {
        StoredBackup.checkNewId(id);
        try {
            Files.createDirectories(dir);
            if (Files.exists(dir.resolve(id))) throw new BackupException("backup " + id + " already exists in " + dir);
            Path p = dir.resolve(PARTIAL + id);
            deleteTree(p);
            Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return new Partial(id, p);
        } catch (IOException e) {
            throw new BackupException("cannot create a backup directory in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A backup being written into {@code .partial-ID}. */
    public final class Partial implements BackupStore.Partial {
        private final String id;
        private final Path path;
        private boolean committed;

        private Partial(String id, Path path) {
            this.id = id;
            this.path = path;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Received receive(Remote from, Command command) {
            Path f = path.resolve(StoredBackup.DATA);
            MessageDigest sha = BackupStore.digest();
            ExecResult r;
            try {
                // a backup holds every table: the file is private to this user from its creation
                Files.createFile(f, PosixFilePermissions.asFileAttribute(AtomicFile.PRIVATE));
                try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(f, StandardOpenOption.WRITE), 1 << 20), sha)) {
                    r = from.stream(command, null, out);
                }
                return new Received(r, Files.size(f), HexFormat.of().formatHex(sha.digest()));
            } catch (IOException e) {
                throw new BackupException("cannot write " + f + ": " + e.getMessage(), e);
            }
        }

        @Override
        public StoredBackup commit(BackupMetadata metadata) {
            try {
                try (FileChannel ch = FileChannel.open(path.resolve(StoredBackup.DATA), StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                AtomicFile.write(path.resolve(StoredBackup.METADATA), metadata.toJson(), AtomicFile.PRIVATE);
                Path target = dir.resolve(id);
                try {
                    Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("cannot rename atomically in " + dir, e);
                }
                AtomicFile.syncDirectory(dir);
                committed = true;
                return read(id, target);
            } catch (IOException | UncheckedIOException e) {
                throw new BackupException("cannot store backup " + id + " in " + dir + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            if (!committed) deleteTree(path);
        }
    }

    @Override
    public StoredBackup update(StoredBackup b, BackupMetadata metadata) {
        AtomicFile.write(b.metadataFile(), metadata.toJson(), AtomicFile.PRIVATE);
        return read(b.id(), b.dir());
    }

    @Override
    public void delete(StoredBackup b) {
        Path gone = dir.resolve(DELETING + b.id());
        try {
            deleteTree(gone);
            Files.move(b.dir(), gone, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BackupException("cannot delete backup " + b.id() + " in " + dir + ": " + e.getMessage(), e);
        }
        deleteTree(gone);
    }

    @Override
    public List<String> leftovers() {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(p -> p.getFileName().toString())
                    .filter(BackupStore::isLeftover).sorted().toList();
        } catch (IOException e) {
            throw new BackupException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteLeftover(String name) {
        if (!BackupStore.isLeftover(name)) throw new IllegalArgumentException(name);
        deleteTree(dir.resolve(name));
    }

    @Override
    public String sha256(StoredBackup b) {
        return sha256(b.dataFile());
    }

    @Override
    public Sent send(StoredBackup b, Remote to, Command command) {
        MessageDigest sha = BackupStore.digest();
        try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(b.dataFile()), 1 << 20), sha)) {
            ExecResult r = to.stream(command, in, OutputStream.nullOutputStream());
            in.transferTo(OutputStream.nullOutputStream()); // the whole file is hashed, even if the command stopped early
            return new Sent(r, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            throw new BackupException("cannot read " + b.dataFile() + ": " + e.getMessage(), e);
        }
    }

    /** A file's sha256, read again from disk. */
    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), BackupStore.digest())) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new BackupException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** An exclusive lock on a file in the directory. */
    @Override
    public Lock lock() {
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                throw new BackupException("another rolestack backup run is using " + dir + " (it holds " + dir.resolve(LOCK) + ")");
            }
            return new FileLockHeld(ch);
        } catch (IOException e) {
            throw new BackupException("cannot lock " + dir + ": " + e.getMessage(), e);
        } catch (java.nio.channels.OverlappingFileLockException e) {
            throw new BackupException("this process already uses " + dir + " for a backup run");
        }
    }

    private record FileLockHeld(FileChannel channel) implements Lock {
        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing releases the lock; the process end would too
            }
        }
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new BackupException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }
}
