package io.rolestack.vm.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The one way the provider (root on this machine) reads and writes files in a
 * host's root filesystem, which the host's own root user controls. Every path
 * is resolved beneath the root one component at a time from an open directory
 * ({@link SecureDirectoryStream}: {@code openat(dirfd, name, O_NOFOLLOW)}),
 * never by the kernel walking a path string: a symbolic link anywhere in the
 * path (an intermediate directory such as {@code /etc -> /}, or the file
 * itself) is refused, as are {@code ..} components. Files are written as
 * {@link io.rolestack.core.files.AtomicFile} does (temp file created
 * exclusively with its final mode, fsync, rename over the target, fsync of the
 * directory), but with every step relative to the directory already opened,
 * so a host that swaps a directory for a link while we write cannot redirect
 * the write.
 * <p>
 * One step is path-based: creating a missing directory (Java has no
 * {@code mkdirat}). The new directory is opened again without following links
 * and checked; the remaining window is that a host racing the provider could
 * make it create one empty directory (mode 755) elsewhere. See docs/local-hosts.md.
 */
final class GuestRoot {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    private final Path root;
    private final String host;

    /**
     * @param root the host's root directory (its overlay's merged directory or its upper directory); ours, not the host's
     * @param host the host's name, for messages
     */
    GuestRoot(Path root, String host) {
        this.root = root;
        this.host = host;
    }

    Path root() {
        return root;
    }

    /** Whether the file exists as a regular file (a link there is refused). */
    boolean isFile(String path) {
        List<String> parts = parts(path);
        try (SecureDirectoryStream<Path> dir = open(parts.subList(0, parts.size() - 1), false, path)) {
            if (dir == null) return false;
            Optional<BasicFileAttributes> a = attributes(dir, last(parts));
            if (a.isEmpty()) return false;
            if (!a.get().isRegularFile()) throw refused(path, "/" + path + " is " + kind(a.get()) + ", not a regular file");
            return true;
        } catch (IOException e) {
            throw failed("read", path, e);
        }
    }

    /** The file's content, or empty when it (or a directory on its way) does not exist; a link or special file is refused. */
    Optional<byte[]> read(String path) {
        List<String> parts = parts(path);
        try (SecureDirectoryStream<Path> dir = open(parts.subList(0, parts.size() - 1), false, path)) {
            if (dir == null) return Optional.empty();
            Optional<BasicFileAttributes> a = attributes(dir, last(parts));
            if (a.isEmpty()) return Optional.empty();
            if (!a.get().isRegularFile()) throw refused(path, "/" + path + " is " + kind(a.get()) + ", not a regular file");
            try (SeekableByteChannel ch = dir.newByteChannel(Path.of(last(parts)), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
                return Optional.of(readAll(ch));
            }
        } catch (IOException e) {
            throw failed("read", path, e);
        }
    }

    Optional<String> readString(String path) {
        return read(path).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /**
     * Writes the file when its content or mode differs (missing directories are
     * made, mode 755); true when written. A link at the file is replaced, never followed.
     */
    boolean writeIfDifferent(String path, String content, Set<PosixFilePermission> mode) {
        return writeIfDifferent(path, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    boolean writeIfDifferent(String path, byte[] content, Set<PosixFilePermission> mode) {
        List<String> parts = parts(path);
        String name = last(parts);
        try (SecureDirectoryStream<Path> dir = open(parts.subList(0, parts.size() - 1), true, path)) {
            Optional<BasicFileAttributes> a = attributes(dir, name);
            if (a.isPresent() && a.get().isDirectory()) throw refused(path, "/" + path + " is a directory");
            if (a.isPresent() && a.get().isRegularFile()
                    && dir.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes().permissions().equals(mode)) {
                try (SeekableByteChannel ch = dir.newByteChannel(Path.of(name), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
                    if (Arrays.equals(readAll(ch), content)) return false;
                }
            }
            write(dir, name, content, mode);
            return true;
        } catch (IOException e) {
            throw failed("write", path, e);
        }
    }

    /** temp file (exclusive, final mode) + fsync + renameat over the target + fsync of the directory, all relative to {@code dir}. */
    private static void write(SecureDirectoryStream<Path> dir, String name, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        Path tmp = Path.of("." + name + "." + UUID.randomUUID().toString().substring(0, 8) + ".rolestack-tmp");
        boolean moved = false;
        try {
            Set<OpenOption> create = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            try (SeekableByteChannel ch = dir.newByteChannel(tmp, create, PosixFilePermissions.asFileAttribute(mode))) {
                // the create mode is filtered by the umask: set it exactly, on the file just made (never a link: CREATE_NEW)
                dir.getFileAttributeView(tmp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setPermissions(mode);
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) ch.write(buf);
                if (ch instanceof FileChannel fc) fc.force(true);
            }
            dir.move(tmp, dir, Path.of(name));
            moved = true;
            try (SeekableByteChannel d = dir.newByteChannel(Path.of("."), Set.of(StandardOpenOption.READ))) {
                if (d instanceof FileChannel fc) fc.force(true);
            }
        } finally {
            if (!moved) {
                try {
                    dir.deleteFile(tmp);
                } catch (IOException ignored) {
                    // the write already failed; that error is the one to report
                }
            }
        }
    }

    /**
     * Opens the directory {@code parts} beneath the root, one component at a
     * time without following links; null when one is missing and {@code create}
     * is false.
     */
    private SecureDirectoryStream<Path> open(List<String> parts, boolean create, String path) throws IOException {
        DirectoryStream<Path> top = Files.newDirectoryStream(root);
        if (!(top instanceof SecureDirectoryStream<Path> current)) {
            top.close();
            throw new LocalHostsException("this machine's Java has no SecureDirectoryStream (openat): cannot write safely into " + root);
        }
        List<String> walked = new ArrayList<>();
        try {
            for (String p : parts) {
                walked.add(p);
                String here = "/" + String.join("/", walked);
                Optional<BasicFileAttributes> a = attributes(current, p);
                if (a.isEmpty()) {
                    if (!create) {
                        current.close();
                        return null;
                    }
                    // No mkdirat in Java: the only path-based step (the directories above were checked just now).
                    Path made = root.resolve(String.join("/", walked));
                    try {
                        Files.createDirectory(made, PosixFilePermissions.asFileAttribute(DIRECTORY));
                    } catch (java.nio.file.FileAlreadyExistsException e) {
                        // made meanwhile (by the host, or another writer): checked below like any directory
                    }
                    a = attributes(current, p);
                    if (a.isEmpty()) throw refused(path, here + " vanished while it was made");
                }
                if (!a.get().isDirectory()) throw refused(path, here + " is " + kind(a.get()) + ", not a directory");
                SecureDirectoryStream<Path> next;
                try {
                    next = current.newDirectoryStream(Path.of(p), LinkOption.NOFOLLOW_LINKS);
                } catch (FileSystemException e) {
                    // swapped for a link (ELOOP) or a file (ENOTDIR) between the check and the open
                    throw refused(path, here + " is not a plain directory (" + e.getReason() + ")");
                }
                current.close();
                current = next;
            }
            return current;
        } catch (IOException | RuntimeException e) {
            current.close();
            throw e;
        }
    }

    private static Optional<BasicFileAttributes> attributes(SecureDirectoryStream<Path> dir, String name) throws IOException {
        try {
            return Optional.of(dir.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The components of a path in the host ({@code etc/hosts} or {@code /etc/hosts}); {@code ..}, {@code .} and empty ones are refused. */
    static List<String> parts(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        List<String> parts = List.of(p.split("/", -1));
        for (String c : parts) {
            if (c.isEmpty() || c.equals(".") || c.equals("..") || c.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("path '" + path + "' in a host must be plain names separated by '/' (no '..', '.', or empty parts)");
            }
        }
        return parts;
    }

    private static String last(List<String> parts) {
        return parts.get(parts.size() - 1);
    }

    private static String kind(BasicFileAttributes a) {
        if (a.isSymbolicLink()) return "a symbolic link";
        if (a.isDirectory()) return "a directory";
        if (a.isRegularFile()) return "a regular file";
        return "a special file";
    }

    private static byte[] readAll(SeekableByteChannel ch) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (ch.read(buf) >= 0) {
            out.write(buf.array(), 0, buf.position());
            buf.clear();
        }
        return out.toByteArray();
    }

    private LocalHostsException refused(String path, String why) {
        return new LocalHostsException("host " + host + ": refusing to touch /" + stripSlash(path) + ": " + why
                + " (the provider never follows links inside a host's root; remove it in the host)");
    }

    private UncheckedIOException failed(String what, String path, IOException e) {
        return new UncheckedIOException("host " + host + ": cannot " + what + " /" + stripSlash(path) + " under " + root + ": " + e.getMessage(), e);
    }

    private static String stripSlash(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
