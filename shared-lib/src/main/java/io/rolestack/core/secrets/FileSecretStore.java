package io.rolestack.core.secrets;

import io.rolestack.core.files.AtomicFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Secrets as files in one directory (0700), each file 0600 and written
 * atomically ({@link AtomicFile}). The lock is an exclusive lock on the file
 * {@code .lock} in the directory, so two processes (two CLI runs, two Jenkins
 * builds on one agent) serialize; threads of one JVM first take a lock per
 * directory, because the JVM holds file locks for the whole process.
 */
public final class FileSecretStore implements SecretStore {
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final String LOCK_FILE = ".lock";
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final ReentrantLock jvmLock;

    private FileSecretStore(Path dir) {
        this.dir = dir;
        this.jvmLock = JVM_LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
    }

    /** The default place: {@code ~/.config/rolestack/secrets/<environment>}, outside any repository. */
    public static Path defaultDir(String environment) {
        return Path.of(System.getProperty("user.home"), ".config", "rolestack", "secrets", environment);
    }

    /** Opens (creating when missing, 0700) the directory; refuses one that others can read. */
    public static FileSecretStore open(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            if (!Files.isDirectory(abs)) {
                Files.createDirectories(abs);
                Files.setPosixFilePermissions(abs, DIR_MODE);
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(abs);
            for (PosixFilePermission p : perms) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    throw new SecretStoreException("secrets directory " + abs + " is accessible by others ("
                            + PosixFilePermissions.toString(perms) + "); run: chmod 700 " + abs);
                }
            }
            return new FileSecretStore(abs.toRealPath());
        } catch (IOException e) {
            throw new SecretStoreException("cannot create secrets directory " + abs + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    @Override
    public Optional<Secret> read(String name) {
        Path p = dir.resolve(SecretStore.checkName(name));
        try {
            return Optional.of(new Secret(Files.readString(p, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new SecretStoreException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(String name, Secret value) {
        try {
            AtomicFile.write(dir.resolve(SecretStore.checkName(name)), value.value(), AtomicFile.PRIVATE);
        } catch (UncheckedIOException e) {
            throw new SecretStoreException(e.getMessage(), e);
        }
    }

    @Override
    public void delete(String name) {
        Path p = dir.resolve(SecretStore.checkName(name));
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new SecretStoreException("cannot remove " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public String describe() {
        return "file store " + dir;
    }

    @Override
    public String howToRestore() {
        return "copy the directory " + dir + " (0700, files 0600) from the machine or backup that created the CA,"
                + " or point --secrets at it";
    }

    @Override
    public <T> T withLock(Supplier<T> action) {
        jvmLock.lock();
        try {
            if (jvmLock.getHoldCount() > 1) return action.get();
            Path lockFile = dir.resolve(LOCK_FILE);
            try (FileChannel ch = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(AtomicFile.PRIVATE));
                 FileLock ignored = ch.lock()) {
                return action.get();
            } catch (IOException e) {
                throw new SecretStoreException("cannot lock " + lockFile + ": " + e.getMessage(), e);
            }
        } finally {
            jvmLock.unlock();
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
