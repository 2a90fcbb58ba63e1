package io.rolestack.app.release;

import io.rolestack.app.config.AppTemplates;
import io.rolestack.app.source.Digests;
import io.rolestack.app.source.GitSource;
import io.rolestack.app.source.SourceException;
import io.rolestack.app.source.SvnSource;
import io.rolestack.app.source.ZipSource;
import io.rolestack.core.spec.PlatformSpec;
import org.eclipse.jgit.lib.ObjectId;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Builds an app's release once, on this machine: {@link #resolve} pins every input (fetching the repos, checking
 * the zips), {@link #build} renders the configs, computes the release id from all inputs and writes the archive
 * (reused when a release of that id was already built). Git mirrors and zips are cached under {@code cacheDir},
 * archives kept under {@code workDir/APP/}.
 */
public final class AppBuilder {
    /** The file at the top of every release: its id and inputs, for the app (a footer, a health page) and people. */
    public static final String RELEASE_FILE = ".rolestack-release";
    private final Path cacheDir;
    private final Path workDir;
    private final AppTemplates templates = new AppTemplates();

    public AppBuilder(Path cacheDir, Path workDir) {
        this.cacheDir = cacheDir;
        this.workDir = workDir;
    }

    /** Fetches the app's repo and every plugin; a missing ref, an unreachable repo or a bad sha256 is an error naming it. */
    public ResolvedApp resolve(PlatformSpec.App app) {
        String input = "app " + app.name();
        ObjectId commit;
        try (GitSource git = GitSource.open(cacheDir, input + ": repo", app.repo())) {
            commit = git.fetch().resolve(app.ref());
        }
        List<ResolvedApp.ResolvedPlugin> plugins = new ArrayList<>();
        for (PlatformSpec.Plugin p : app.plugins()) {
            String pin = input + ": plugin " + p.slug();
            switch (p.source()) {
                case GIT -> {
                    try (GitSource git = GitSource.open(cacheDir, pin, p.url())) {
                        ObjectId c = git.fetch().resolve(p.ref().orElse("master"));
                        plugins.add(new ResolvedApp.ResolvedPlugin(p, c.name(), c, null));
                    }
                }
                case SVN -> plugins.add(new ResolvedApp.ResolvedPlugin(p,
                        Long.toString(new SvnSource(pin, p.url()).resolve(p.revision())), null, null));
                case ZIP -> plugins.add(new ResolvedApp.ResolvedPlugin(p, p.sha256().orElseThrow(), null,
                        new ZipSource(pin, p.url(), p.sha256().orElseThrow()).fetch(cacheDir)));
            }
        }
        return new ResolvedApp(app, commit, plugins);
    }

    /**
     * The model of an app's config templates: {@code env}, {@code pools} (as the roles see them), {@code app}
     * (name, role, base, hostnames).
     */
    public static Map<String, Object> model(PlatformSpec.App app, String environment, String base, List<String> hostnames,
                                            Map<String, Object> pools) {
        return model(app, environment, base, hostnames, pools, Optional.empty());
    }

    /**
     * The same, and {@code app.database} (name, user, iniPath) for an app with a database of its own: no password
     * (the app reads it from the ini at run time). An app without one has no {@code app.database}: a template
     * naming it is an error.
     */
    public static Map<String, Object> model(PlatformSpec.App app, String environment, String base, List<String> hostnames,
                                            Map<String, Object> pools, Optional<AppDatabaseRef> database) {
        if (app.database().isPresent() != database.isPresent()) {
            throw new IllegalArgumentException("app " + app.name() + ": the spec " + (app.database().isPresent() ? "gives" : "gives no")
                    + " database but the model " + (database.isPresent() ? "has one" : "has none"));
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", app.name());
        a.put("role", app.role());
        a.put("base", base);
        a.put("hostnames", hostnames);
        database.ifPresent(d -> a.put("database", d.model()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", environment);
        m.put("pools", pools);
        m.put("app", a);
        return m;
    }

    /** Renders the configs, computes the id and writes the archive unless this id's is already there. */
    public AppBuild build(ResolvedApp r, Map<String, Object> model) {
        PlatformSpec.App app = r.app();
        String input = "app " + app.name();
        Map<String, byte[]> configs = new LinkedHashMap<>();
        try (GitSource git = GitSource.open(cacheDir, input + ": repo", app.repo())) {
            for (PlatformSpec.AppConfig c : app.configs()) {
                String where = input + ": config " + c.template();
                byte[] source = git.read(r.commit(), c.template()).orElseThrow(() -> new SourceException(where,
                        "no such file in " + app.repo() + " at " + app.ref() + " (" + r.commit().name() + ")"));
                configs.put(c.dest(), templates.render(where, new String(source, StandardCharsets.UTF_8), model)
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("app " + app.name());
        lines.add("repo " + app.repo() + " " + app.ref() + " " + r.commit().name());
        lines.add("root " + app.root());
        lines.add("pluginsDir " + app.pluginsDir());
        for (ResolvedApp.ResolvedPlugin p : r.plugins()) {
            lines.add("plugin " + p.plugin().slug() + " " + p.plugin().source().name().toLowerCase() + " " + p.plugin().url()
                    + " " + p.pin());
        }
        app.shared().forEach(s -> lines.add("shared " + s));
        configs.forEach((dest, content) -> lines.add("config " + dest + " " + Digests.sha256(content)));
        ReleaseInputs inputs = new ReleaseInputs(lines);
        String id = inputs.id();
        Path archive = workDir.resolve(app.name()).resolve(id + ".tar.gz");
        if (!Files.isRegularFile(archive)) write(r, id, inputs, configs, archive);
        try {
            Files.setLastModifiedTime(archive, FileTime.from(Instant.now()));
        } catch (IOException e) {
            throw new SourceException(input, "cannot touch " + archive + ": " + e.getMessage(), e);
        }
        prune(archive.getParent(), Math.max(app.keep(), 2));
        return new AppBuild(app.name(), id, inputs, archive, List.copyOf(configs.keySet()), r.commit().name());
    }

    private void write(ResolvedApp r, String id, ReleaseInputs inputs, Map<String, byte[]> configs, Path archive) {
        PlatformSpec.App app = r.app();
        String input = "app " + app.name();
        String pluginsAt = app.underRoot(app.pluginsDir()) + "/";
        try {
            Files.createDirectories(archive.getParent());
            Path tmp = Files.createTempFile(archive.getParent(), id + "-", ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp);
                     TarArchive tar = new TarArchive(out, Instant.now(), p -> false);
                     GitSource git = GitSource.open(cacheDir, input + ": repo", app.repo())) {
                    tar.file(RELEASE_FILE, releaseFile(app.name(), id, inputs));
                    Predicate<String> owned = p -> p.equals(RELEASE_FILE) || configs.containsKey(p)
                            || r.plugins().stream().anyMatch(x -> (p + "/").startsWith(pluginsAt + x.plugin().slug() + "/"));
                    tar.skip(owned);
                    git.export(r.commit(), "", tar);
                    tar.skip(p -> false);
                    for (ResolvedApp.ResolvedPlugin p : r.plugins()) plugin(p, input, pluginsAt, tar);
                    for (Map.Entry<String, byte[]> c : configs.entrySet()) tar.file(c.getKey(), c.getValue());
                }
                Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new SourceException(input, "cannot write the release archive " + archive + ": " + e.getMessage(), e);
        }
    }

    private void plugin(ResolvedApp.ResolvedPlugin p, String input, String pluginsAt, TarArchive tar) throws IOException {
        String pin = input + ": plugin " + p.plugin().slug();
        String prefix = pluginsAt + p.plugin().slug() + "/";
        tar.directory(prefix.substring(0, prefix.length() - 1));
        switch (p.plugin().source()) {
            case GIT -> {
                try (GitSource git = GitSource.open(cacheDir, pin, p.plugin().url())) {
                    git.export(p.commit(), prefix, tar);
                }
            }
            case SVN -> new SvnSource(pin, p.plugin().url()).export(Long.parseLong(p.pin()),
                    workDir.resolve(".scratch"), prefix, tar);
            case ZIP -> new ZipSource(pin, p.plugin().url(), p.pin()).export(p.zip(), prefix, tar);
        }
    }

    private static byte[] releaseFile(String app, String id, ReleaseInputs inputs) {
        StringBuilder b = new StringBuilder("id=" + id + "\napp=" + app + "\n");
        inputs.lines().forEach(l -> b.append("input=").append(l).append('\n'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Keeps the {@code keep} archives used last; older ones can be rebuilt from their inputs. */
    private static void prune(Path dir, int keep) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().endsWith(".tar.gz"))
                    .sorted(Comparator.comparing((Path f) -> {
                        try {
                            return Files.getLastModifiedTime(f);
                        } catch (IOException e) {
                            return FileTime.fromMillis(0);
                        }
                    }).reversed()).toList();
            for (Path old : archives.subList(Math.min(keep, archives.size()), archives.size())) Files.deleteIfExists(old);
        } catch (IOException e) {
            // Only disk space is at stake; the next build prunes again.
        }
    }

    /** The cache of one build machine; exposed for tests. */
    public Path cacheDir() {
        return cacheDir;
    }

}
