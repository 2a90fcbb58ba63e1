package io.rolestack.app;

import com.sun.net.httpserver.HttpServer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Real sources for the app tests: a git repo (JGit), an svn repo (svnadmin + svn), zips over HTTP on 127.0.0.1. */
public final class TestRepos {
    private TestRepos() {
    }

    /** A new git repo with one commit of {@code files} on branch master; returns the repo's directory. */
    public static Path git(Path dir, Map<String, String> files) throws Exception {
        try (Git g = Git.init().setDirectory(dir.toFile()).setInitialBranch("master").call()) {
            commit(g, files, "first");
        }
        return dir;
    }

    /** Writes {@code files} into the repo and commits them; returns the commit id. */
    public static String commit(Path dir, Map<String, String> files, String message) throws Exception {
        try (Git g = Git.open(dir.toFile())) {
            return commit(g, files, message);
        }
    }

    private static String commit(Git g, Map<String, String> files, String message) throws Exception {
        Path top = g.getRepository().getWorkTree().toPath();
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = top.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
            g.add().addFilepattern(f.getKey()).call();
        }
        PersonIdent who = new PersonIdent("Test", "test@example.org");
        return g.commit().setMessage(message).setAuthor(who).setCommitter(who).call().name();
    }

    public static void tag(Path dir, String name) throws Exception {
        try (Git g = Git.open(dir.toFile())) {
            g.tag().setName(name).setAnnotated(true).setMessage(name).call();
        }
    }

    public static String fileUrl(Path dir) {
        return dir.toUri().toString();
    }

    /**
     * A real svn repo ({@code svnadmin create}) with {@code trunk/} holding {@code files} (revision 1) and
     * {@code tags/1.0} copied from it (revision 2); returns its file:// URL.
     */
    public static String svn(Path dir, Map<String, String> files) throws Exception {
        Path repo = dir.resolve("repo");
        Path src = dir.resolve("import/trunk");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = src.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        run(List.of("svnadmin", "create", repo.toString()));
        String url = repo.toUri().toString().replaceAll("/$", "");
        run(List.of("svn", "import", "-q", "-m", "trunk", src.toString(), url + "/trunk"));
        run(List.of("svn", "copy", "-q", "-m", "tag 1.0", url + "/trunk", url + "/tags/1.0", "--parents"));
        return url;
    }

    /** Commits {@code content} to {@code path} under trunk (a new revision) through a checkout. */
    public static void svnCommit(Path dir, String url, String path, String content) throws Exception {
        Path wc = dir.resolve("wc-" + System.nanoTime());
        run(List.of("svn", "checkout", "-q", url + "/trunk", wc.toString()));
        Path f = wc.resolve(path);
        boolean isNew = !Files.exists(f);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        if (isNew) run(List.of("svn", "add", "-q", "--parents", f.toString()));
        run(List.of("svn", "commit", "-q", "-m", "change " + path, wc.toString()));
    }

    static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    /** A zip of {@code files} (names as given, e.g. {@code seo-master/seo.php}). */
    public static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(f.getKey()));
                z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return b.toByteArray();
    }

    /** An HTTP server on 127.0.0.1 serving {@code files} by path (404 otherwise); stop it when done. */
    public static HttpServer serve(Map<String, byte[]> files) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/", ex -> {
            byte[] body = files.get(ex.getRequestURI().getPath());
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        s.start();
        return s;
    }

    public static String url(HttpServer s, String path) {
        return "http://127.0.0.1:" + s.getAddress().getPort() + path;
    }
}
