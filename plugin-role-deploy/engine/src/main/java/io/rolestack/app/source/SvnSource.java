package io.rolestack.app.source;

import org.tmatesoft.svn.core.SVNDepth;
import org.tmatesoft.svn.core.SVNDirEntry;
import org.tmatesoft.svn.core.SVNException;
import org.tmatesoft.svn.core.SVNNodeKind;
import org.tmatesoft.svn.core.SVNURL;
import org.tmatesoft.svn.core.internal.io.dav.DAVRepositoryFactory;
import org.tmatesoft.svn.core.internal.io.fs.FSRepositoryFactory;
import org.tmatesoft.svn.core.internal.io.svn.SVNRepositoryFactoryImpl;
import org.tmatesoft.svn.core.io.SVNRepository;
import org.tmatesoft.svn.core.io.SVNRepositoryFactory;
import org.tmatesoft.svn.core.wc.SVNClientManager;
import org.tmatesoft.svn.core.wc.SVNRevision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A directory of a Subversion repo (file://, svn://, http(s):// through SVNKit: no svn client needed), pinned to a
 * revision: the one written in the spec, else the last one that changed that directory (a tag path's is fixed).
 */
public final class SvnSource {
    static {
        FSRepositoryFactory.setup();
        SVNRepositoryFactoryImpl.setup();
        DAVRepositoryFactory.setup();
    }

    private final String input;
    private final String url;

    public SvnSource(String input, String url) {
        this.input = input;
        this.url = url;
    }

    /** The revision to export: {@code pinned} when it names a directory, else the URL's last changed revision. */
    public long resolve(Optional<Long> pinned) {
        SVNRepository repo = null;
        try {
            repo = SVNRepositoryFactory.create(SVNURL.parseURIEncoded(url));
            long rev = pinned.orElse(-1L);
            SVNNodeKind kind = repo.checkPath("", rev);
            if (kind != SVNNodeKind.DIR) {
                throw new SourceException(input, url + (pinned.isPresent() ? " at revision " + rev : "")
                        + " is " + (kind == SVNNodeKind.NONE ? "not there" : "not a directory"));
            }
            if (pinned.isPresent()) return rev;
            SVNDirEntry info = repo.info("", -1);
            return info.getRevision();
        } catch (SVNException e) {
            throw new SourceException(input, "cannot read " + url + ": " + e.getErrorMessage().getFullMessage(), e);
        } finally {
            if (repo != null) repo.closeSession();
        }
    }

    /** Writes the directory at {@code revision} into {@code sink} under {@code prefix} (through a scratch dir). */
    public void export(long revision, Path scratch, String prefix, TreeSink sink) {
        Path dir = scratch.resolve("svn-export");
        SVNClientManager client = SVNClientManager.newInstance();
        try {
            deleteTree(dir);
            Files.createDirectories(scratch);
            client.getUpdateClient().doExport(SVNURL.parseURIEncoded(url), dir.toFile(), SVNRevision.create(revision),
                    SVNRevision.create(revision), null, true, SVNDepth.INFINITY);
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(dir)) {
                paths = walk.filter(p -> !p.equals(dir)).sorted().toList();
            }
            for (Path p : paths) {
                String rel = prefix + dir.relativize(p).toString().replace('\\', '/');
                if (sink.skips(rel)) continue;
                if (Files.isSymbolicLink(p)) {
                    sink.symlink(rel, Files.readSymbolicLink(p).toString());
                } else if (Files.isDirectory(p)) {
                    sink.directory(rel);
                } else {
                    try (InputStream in = Files.newInputStream(p)) {
                        sink.file(rel, Files.isExecutable(p), Files.size(p), in);
                    }
                }
            }
        } catch (SVNException e) {
            throw new SourceException(input, "cannot export " + url + "@" + revision + ": " + e.getErrorMessage().getFullMessage(), e);
        } catch (IOException e) {
            throw new SourceException(input, "cannot export " + url + "@" + revision + ": " + e.getMessage(), e);
        } finally {
            client.dispose();
            try {
                deleteTree(dir);
            } catch (IOException ignored) {
                // A scratch dir left behind is removed by the next export.
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
