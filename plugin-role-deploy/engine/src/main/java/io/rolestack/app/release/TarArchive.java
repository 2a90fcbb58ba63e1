package io.rolestack.app.release;

import io.rolestack.app.source.TreeSink;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;

/**
 * A release as a tar.gz written as it is produced: every directory gets its own entry (0755), parents before
 * children, so a host unpacks it as {@code tar -xzf -} without anything else. Paths that {@code skip} refuses
 * (plugin directories, rendered configs, in the app's own tree) are left out.
 */
final class TarArchive implements TreeSink, AutoCloseable {
    private final TarArchiveOutputStream tar;
    private final Set<String> directories = new HashSet<>();
    private Predicate<String> skip;
    private final Instant mtime;

    TarArchive(OutputStream out, Instant mtime, Predicate<String> skip) throws IOException {
        this.tar = new TarArchiveOutputStream(new GZIPOutputStream(out, 1 << 16), StandardCharsets.UTF_8.name());
        this.tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        this.tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        this.mtime = mtime;
        this.skip = skip;
    }

    /** What the next source must leave out (its own paths are never skipped). */
    void skip(Predicate<String> paths) {
        this.skip = paths;
    }

    @Override
    public boolean skips(String path) {
        return skip.test(path);
    }

    @Override
    public void directory(String path) throws IOException {
        if (!directories.add(path)) return;
        parents(path);
        TarArchiveEntry e = new TarArchiveEntry(path + "/");
        e.setMode(040755);
        e.setModTime(mtime.toEpochMilli());
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    @Override
    public void file(String path, boolean executable, long size, InputStream content) throws IOException {
        parents(path);
        TarArchiveEntry e = new TarArchiveEntry(path);
        e.setMode(executable ? 0100755 : 0100644);
        e.setSize(size);
        e.setModTime(mtime.toEpochMilli());
        tar.putArchiveEntry(e);
        long copied = content.transferTo(tar);
        if (copied != size) throw new IOException(path + ": expected " + size + " bytes, read " + copied);
        tar.closeArchiveEntry();
    }

    void file(String path, byte[] content) throws IOException {
        file(path, false, content.length, new ByteArrayInputStream(content));
    }

    @Override
    public void symlink(String path, String target) throws IOException {
        parents(path);
        TarArchiveEntry e = new TarArchiveEntry(path, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        e.setMode(0120777);
        e.setModTime(mtime.toEpochMilli());
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private void parents(String path) throws IOException {
        int slash = path.lastIndexOf('/');
        if (slash > 0) directory(path.substring(0, slash));
    }

    @Override
    public void close() throws IOException {
        tar.finish();
        tar.close();
    }
}
