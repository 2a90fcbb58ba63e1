package io.rolestack.core.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * The one way Rolestack writes a file on the machine it runs on (state, secrets,
 * known_hosts, keys): a reader sees the old content or the new, never half, and
 * after a crash the new content is either fully there or not at all.
 *
 * <ol>
 *   <li>a temp file beside the target, created with its final mode (a secret is
 *       never readable by others, not even for a moment);</li>
 *   <li>content written and fsync'ed;</li>
 *   <li>renamed over the target (atomic on one file system);</li>
 *   <li>the directory fsync'ed, so the rename itself survives a crash.</li>
 * </ol>
 * A symbolic link at the target is replaced, never followed.
 */
public final class AtomicFile {
    /** rw------- : secrets and keys. */
    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    /** rw-r--r-- : everything else. */
    public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFile() {
    }

    public static void write(Path target, String content, Set<PosixFilePermission> mode) {
        write(target, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    /** Writes unconditionally; creates missing parent directories. */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> mode) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".rolestack-tmp",
                    PosixFilePermissions.asFileAttribute(mode));
            // createTempFile's mode is filtered by the umask: set it exactly.
            Files.setPosixFilePermissions(tmp, mode);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename atomically into " + dir + ": " + e.getMessage(), e);
            }
            tmp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed; that error is the one to report
                }
            }
        }
    }

    /** Writes only when the content or mode differs (a symlink at the target always differs); true when written. */
    public static boolean writeIfDifferent(Path target, String content, Set<PosixFilePermission> mode) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                    && Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS).equals(mode)
                    && Arrays.equals(Files.readAllBytes(target), bytes)) {
                return false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + target + ": " + e.getMessage(), e);
        }
        write(target, bytes, mode);
        return true;
    }

    /** Makes a rename in {@code dir} survive a crash (what {@link #write} does after its own rename). */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
