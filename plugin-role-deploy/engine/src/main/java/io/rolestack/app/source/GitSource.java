package io.rolestack.app.source;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One git repo (any URL JGit fetches: file://, git://, http(s)://, ssh://), mirrored into a bare repo of the
 * cache directory: each {@link #fetch} brings only what is new, and a commit's tree is exported from there
 * (no working tree, no .git in a release). Not thread-safe: one per build.
 */
public final class GitSource implements AutoCloseable {
    private final String input;
    private final String url;
    private final Repository repo;

    private GitSource(String input, String url, Repository repo) {
        this.input = input;
        this.url = url;
        this.repo = repo;
    }

    /**
     * The cache's mirror of {@code url} (created when missing) under {@code cacheDir/git/}; {@code input} names
     * it in errors ({@code app wp}, {@code app wp: plugin theme}).
     */
    public static GitSource open(Path cacheDir, String input, String url) {
        Path dir = cacheDir.resolve("git").resolve(Digests.sha256(url).substring(0, 16) + ".git");
        try {
            Files.createDirectories(dir.getParent());
            if (!Files.exists(dir.resolve("HEAD"))) {
                Git.init().setBare(true).setDirectory(dir.toFile()).call().close();
            }
            return new GitSource(input, url, new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build());
        } catch (IOException | GitAPIException e) {
            throw new SourceException(input, "cannot open the cache of " + url + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where {@code ref} (a branch, else a tag: the order {@link #resolve} uses) is in the repo at {@code url} now,
     * asked of the server alone (ls-remote: nothing fetched, no cache): what {@code rolestack watch} polls. An
     * annotated tag gives the commit it points to; a full commit id is returned as is (it never moves). An
     * unreachable repo or a missing ref is an error naming {@code input}, the URL and the refs there are.
     */
    public static ObjectId remoteCommit(String input, String url, String ref) {
        if (ref.matches("[0-9a-f]{40}")) return ObjectId.fromString(ref);
        java.util.Map<String, Ref> refs;
        try {
            refs = Git.lsRemoteRepository().setRemote(url).setHeads(true).setTags(true).callAsMap();
        } catch (GitAPIException | RuntimeException e) {
            throw new SourceException(input, "cannot list the refs of " + url + ": " + rootMessage(e), e);
        }
        Ref r = refs.get(Constants.R_HEADS + ref);
        if (r == null) r = refs.get(Constants.R_TAGS + ref);
        if (r == null) {
            TreeSet<String> names = new TreeSet<>();
            for (String n : refs.keySet()) {
                if (!n.endsWith("^{}")) names.add(Repository.shortenRefName(n));
            }
            throw new SourceException(input, "'" + ref + "' is neither a branch nor a tag of " + url
                    + (names.isEmpty() ? " (it has none: an empty repo?)" : " (it has: " + String.join(", ", names) + ")"));
        }
        // An annotated tag's object is the tag; the server also advertises the commit it peels to.
        if (r.getPeeledObjectId() != null) return r.getPeeledObjectId();
        Ref peeled = refs.get(r.getName() + "^{}");
        return peeled != null ? peeled.getObjectId() : r.getObjectId();
    }

    /** Brings the repo's branches and tags into the mirror; an unreachable or empty repo is an error naming it. */
    public GitSource fetch() {
        try (Git git = new Git(repo)) {
            git.fetch().setRemote(url).setRemoveDeletedRefs(true).setTagOpt(org.eclipse.jgit.transport.TagOpt.NO_TAGS)
                    .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"))
                    .call();
        } catch (GitAPIException | RuntimeException e) {
            throw new SourceException(input, "cannot fetch " + url + ": " + rootMessage(e), e);
        }
        return this;
    }

    /** The commit a branch or tag names (a full commit id is taken as is); a missing ref is an error listing those there are. */
    public ObjectId resolve(String ref) {
        try {
            Optional<ObjectId> id = find(Constants.R_HEADS + ref).or(() -> find(Constants.R_TAGS + ref));
            if (id.isEmpty() && ref.matches("[0-9a-f]{40}")) {
                ObjectId c = ObjectId.fromString(ref);
                if (repo.getObjectDatabase().has(c)) id = Optional.of(c);
            }
            if (id.isEmpty()) {
                TreeSet<String> names = new TreeSet<>();
                for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS, Constants.R_TAGS)) {
                    names.add(Repository.shortenRefName(r.getName()));
                }
                throw new SourceException(input, "'" + ref + "' is neither a branch nor a tag of " + url
                        + (names.isEmpty() ? " (it has none: an empty repo?)" : " (it has: " + String.join(", ", names) + ")"));
            }
            try (RevWalk walk = new RevWalk(repo)) {
                return walk.parseCommit(id.get()).getId();
            }
        } catch (IOException e) {
            throw new SourceException(input, "cannot read ref '" + ref + "' of " + url + ": " + e.getMessage(), e);
        }
    }

    private Optional<ObjectId> find(String name) {
        try {
            Ref r = repo.exactRef(name);
            if (r == null) return Optional.empty();
            Ref peeled = repo.getRefDatabase().peel(r);
            return Optional.of(peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : r.getObjectId());
        } catch (IOException e) {
            throw new SourceException(input, "cannot read " + name + " of " + url + ": " + e.getMessage(), e);
        }
    }

    /** The content of {@code path} in {@code commit}, or empty when there is no such file. */
    public Optional<byte[]> read(ObjectId commit, String path) {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit c = walk.parseCommit(commit);
            try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
                if (tw == null || (tw.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) return Optional.empty();
                return Optional.of(repo.open(tw.getObjectId(0)).getBytes());
            }
        } catch (IOException e) {
            throw new SourceException(input, "cannot read '" + path + "' at " + commit.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the commit's tree into {@code sink} under {@code prefix} ("" or "dir/"), skipping what the sink
     * skips. Submodules are refused: their content is not in this repo.
     */
    public void export(ObjectId commit, String prefix, TreeSink sink) {
        try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(walk.parseCommit(commit).getTree());
            tw.setRecursive(false);
            while (tw.next()) {
                String path = prefix + tw.getPathString();
                if (sink.skips(path)) continue;
                FileMode mode = tw.getFileMode(0);
                if (mode == FileMode.TREE) {
                    sink.directory(path);
                    tw.enterSubtree();
                } else if (mode == FileMode.GITLINK) {
                    throw new SourceException(input, "'" + tw.getPathString() + "' is a git submodule: not supported"
                            + " (its files are not in " + url + ")");
                } else if (mode == FileMode.SYMLINK) {
                    sink.symlink(path, new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
                } else {
                    ObjectLoader blob = repo.open(tw.getObjectId(0));
                    try (InputStream in = blob.openStream()) {
                        sink.file(path, mode == FileMode.EXECUTABLE_FILE, blob.getSize(), in);
                    }
                }
            }
        } catch (IOException e) {
            throw new SourceException(input, "cannot export " + commit.name() + " of " + url + ": " + e.getMessage(), e);
        }
    }

    public String url() {
        return url;
    }

    /** Branch names of the mirror (after a fetch: the remote's), for messages and tests. */
    public List<String> branches() {
        try {
            return repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
                    .map(r -> r.getName().substring(Constants.R_HEADS.length())).sorted().toList();
        } catch (IOException e) {
            throw new SourceException(input, "cannot list branches: " + e.getMessage(), e);
        }
    }

    static String rootMessage(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !b.toString().contains(c.getMessage())) b.append(": ").append(c.getMessage());
        }
        return b.toString();
    }

    @Override
    public void close() {
        repo.close();
    }
}
