package io.rolestack.app;

import com.sun.net.httpserver.HttpServer;
import io.rolestack.app.release.AppBuild;
import io.rolestack.app.release.AppBuilder;
import io.rolestack.app.release.ResolvedApp;
import io.rolestack.app.source.Digests;
import io.rolestack.app.source.SourceException;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Builds releases from real sources: a git repo (file://), a plugin from another git repo (a tag), one from a
 * real svn repo (svnadmin, file://) and one from a zip served over HTTP on 127.0.0.1 with a GitHub-style
 * {@code -master/} top directory. Checks the archive's content, that the id is stable for unchanged inputs and
 * changes with each input, and that bad inputs are errors naming them.
 */
class AppBuildIT {
    @TempDir
    static Path tmp;
    static Path site;
    static Path theme;
    static String svnUrl;
    static HttpServer http;
    static final byte[] SEO_ZIP;
    static final byte[] FLAT_ZIP;

    static {
        try {
            SEO_ZIP = TestRepos.zip(Map.of("seo-master/seo.php", "<?php // seo\n", "seo-master/readme.txt", "seo\n"));
            FLAT_ZIP = TestRepos.zip(Map.of("flat.php", "<?php // flat\n"));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @BeforeAll
    static void sources() throws Exception {
        site = TestRepos.git(tmp.resolve("site"), Map.of(
                "index.php", "<?php echo 'hello';\n",
                "wp-content/plugins/seo/old.php", "<?php // the repo's own copy, replaced by the plugin\n",
                "wp-config.php", "<?php // the repo's, replaced by the rendered config\n",
                "config/wp-config.php.peb", "<?php define('DB_HOST', '{{ primary(\"db\").privateIp }}'); // {{ app.name }} in {{ env }}\n"));
        theme = TestRepos.git(tmp.resolve("theme"), Map.of("style.css", "/* theme 2.1 */\n"));
        TestRepos.tag(theme, "v2.1");
        TestRepos.commit(theme, Map.of("style.css", "/* theme after 2.1 */\n"), "after the tag");
        svnUrl = TestRepos.svn(tmp.resolve("svn"), Map.of("akismet.php", "<?php // akismet\n"));
        http = TestRepos.serve(Map.of("/seo.zip", SEO_ZIP, "/flat.zip", FLAT_ZIP));
    }

    @AfterAll
    static void stop() {
        if (http != null) http.stop(0);
    }

    static PlatformSpec.App app(String extra) {
        String yaml = """
                environment: test
                domain: wpdn
                provider: { type: local }
                jump: jump
                hosts: [app1, frontend1]
                apps:
                  - name: wp
                    repo: %s
                    configs: [{ template: config/wp-config.php.peb, dest: wp-config.php }]
                    shared: [wp-content/uploads]
                """.formatted(TestRepos.fileUrl(site)) + extra;
        return SpecLoader.parse(Path.of("spec.yaml"), yaml).apps().get(0);
    }

    static String plugins(String zipSha) {
        return "    plugins:\n"
                + "      - { slug: our-theme, git: " + TestRepos.fileUrl(theme) + ", ref: v2.1 }\n"
                + "      - { slug: akismet, svn: " + svnUrl + "/tags/1.0 }\n"
                + "      - { slug: seo, zip: " + TestRepos.url(http, "/seo.zip") + ", sha256: " + zipSha + " }\n";
    }

    static Map<String, Object> model(String dbIp) {
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("primary", Map.of("privateIp", dbIp));
        return AppBuilder.model(app(""), "test", "/var/www/apps/wp", List.of("wp.test.wpdn"), Map.of("db", db));
    }

    static AppBuilder builder() {
        return new AppBuilder(tmp.resolve("cache"), tmp.resolve("work"));
    }

    static AppBuild build(PlatformSpec.App app, String dbIp) {
        AppBuilder b = builder();
        return b.build(b.resolve(app), model(dbIp));
    }

    /** Path → content ("dir/" for directories, "-> target" for links) of a release archive. */
    static Map<String, String> entries(Path archive) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive)); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isDirectory()) out.put(e.getName(), "dir");
                else if (e.isSymbolicLink()) out.put(e.getName(), "-> " + e.getLinkName());
                else out.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void aReleaseHoldsTheCommitsTreeThePluginsUnderTheirSlugsAndTheRenderedConfig() throws Exception {
        AppBuild b = build(app(plugins(Digests.sha256(SEO_ZIP))), "10.0.0.5");
        Map<String, String> files = entries(b.archive());
        assertThat(files).containsEntry("index.php", "<?php echo 'hello';\n")
                .containsEntry("wp-config.php", "<?php define('DB_HOST', '10.0.0.5'); // wp in test\n")
                .containsEntry("wp-content/plugins/our-theme/style.css", "/* theme 2.1 */\n")
                .containsEntry("wp-content/plugins/akismet/akismet.php", "<?php // akismet\n")
                .containsEntry("wp-content/plugins/seo/seo.php", "<?php // seo\n")
                .containsEntry("wp-content/plugins/seo/readme.txt", "seo\n")
                .doesNotContainKey("wp-content/plugins/seo/old.php")
                .doesNotContainKey("wp-content/plugins/seo-master/")
                .containsKey("wp-content/plugins/seo/");
        assertThat(files.keySet()).noneMatch(k -> k.startsWith(".git")).noneMatch(k -> k.contains("seo-master"));
        assertThat(files.get(AppBuilder.RELEASE_FILE)).startsWith("id=" + b.id() + "\napp=wp\n")
                .contains("input=plugin seo zip").contains("input=plugin akismet svn " + svnUrl + "/tags/1.0 2");
        assertThat(b.id()).matches("[0-9a-f]{16}");
        assertThat(b.configs()).containsExactly("wp-config.php");
    }

    @Test
    void sameInputsGiveTheSameIdAndEachChangedInputAnother() throws Exception {
        PlatformSpec.App app = app("");
        AppBuild first = build(app, "10.0.0.5");
        assertThat(build(app, "10.0.0.5").id()).as("unchanged inputs").isEqualTo(first.id());
        assertThat(build(app, "10.0.0.6").id()).as("the rendered config changed (db primary)").isNotEqualTo(first.id());

        Path moving = TestRepos.git(tmp.resolve("moving"), Map.of("index.php", "<?php echo 1;\n",
                "config/wp-config.php.peb", "<?php // {{ env }}\n"));
        PlatformSpec.App m = SpecLoader.parse(Path.of("s.yaml"), """
                environment: test
                domain: wpdn
                provider: { type: local }
                jump: jump
                hosts: [app1, frontend1]
                apps: [{ name: moving, repo: %s, plugins: [{ slug: akismet, svn: %s/trunk }] }]
                """.formatted(TestRepos.fileUrl(moving), svnUrl)).apps().get(0);
        AppBuilder b = builder();
        String before = b.build(b.resolve(m), model("10.0.0.5")).id();
        assertThat(b.build(b.resolve(m), model("10.0.0.5")).id()).isEqualTo(before);
        String commit = TestRepos.commit(moving, Map.of("index.php", "<?php echo 2;\n"), "second");
        ResolvedApp afterCommit = b.resolve(m);
        assertThat(afterCommit.commit().name()).isEqualTo(commit);
        String second = b.build(afterCommit, model("10.0.0.5")).id();
        assertThat(second).as("new commit").isNotEqualTo(before);
        assertThat(entries(b.build(afterCommit, model("10.0.0.5")).archive())).containsEntry("index.php", "<?php echo 2;\n");
        TestRepos.svnCommit(tmp.resolve("svn"), svnUrl, "akismet.php", "<?php // akismet 2\n");
        ResolvedApp afterSvn = b.resolve(m);
        assertThat(afterSvn.plugins().get(0).pin()).isEqualTo("3");
        AppBuild third = b.build(afterSvn, model("10.0.0.5"));
        assertThat(third.id()).as("new svn revision").isNotEqualTo(second);
        assertThat(entries(third.archive())).containsEntry("wp-content/plugins/akismet/akismet.php", "<?php // akismet 2\n");
    }

    @Test
    void aRepoServedByGitDaemonIsFetchedOverGitProtocol() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Process daemon = new ProcessBuilder("git", "daemon", "--reuseaddr", "--listen=127.0.0.1", "--port=" + port,
                "--export-all", "--base-path=" + tmp, "--informative-errors", tmp.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("git-daemon.log").toFile()).start();
        try {
            io.rolestack.core.wait.Wait.upTo(java.time.Duration.ofSeconds(20)).until(() -> {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    return true;
                } catch (java.io.IOException e) {
                    return false;
                }
            }, () -> new IllegalStateException("git daemon did not listen on " + port));
            PlatformSpec.App overGit = app("").withRepo("git://127.0.0.1:" + port + "/site");
            AppBuild viaDaemon = build(overGit, "10.0.0.5");
            AppBuild viaFile = build(app(""), "10.0.0.5");
            assertThat(viaDaemon.commit()).isEqualTo(viaFile.commit());
            assertThat(entries(viaDaemon.archive())).containsEntry("index.php", "<?php echo 'hello';\n");
            assertThat(viaDaemon.id()).as("the URL is an input").isNotEqualTo(viaFile.id());
        } finally {
            daemon.destroy();
            daemon.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void aZipWithoutATopDirectoryGoesUnderItsSlugAsIs() throws Exception {
        AppBuild b = build(app("    plugins: [{ slug: flat, zip: " + TestRepos.url(http, "/flat.zip") + ", sha256: "
                + Digests.sha256(FLAT_ZIP) + " }]\n"), "10.0.0.5");
        assertThat(entries(b.archive())).containsEntry("wp-content/plugins/flat/flat.php", "<?php // flat\n");
    }

    @Test
    void badInputsAreErrorsNamingThem() {
        String wrong = "0".repeat(64);
        assertThatThrownBy(() -> builder().resolve(app(plugins(wrong))))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("app wp: plugin seo: " + TestRepos.url(http, "/seo.zip") + " has sha256 " + Digests.sha256(SEO_ZIP))
                .hasMessageContaining("the spec says " + wrong);
        assertThatThrownBy(() -> builder().resolve(app("    ref: no-such-branch\n")))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("app wp: repo: 'no-such-branch' is neither a branch nor a tag of " + TestRepos.fileUrl(site))
                .hasMessageContaining("it has: master");
        assertThatThrownBy(() -> builder().resolve(app("").withRepo(TestRepos.fileUrl(tmp.resolve("nowhere")))))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("app wp: repo: cannot fetch " + TestRepos.fileUrl(tmp.resolve("nowhere")));
        assertThatThrownBy(() -> builder().resolve(app("    plugins: [{ slug: gone, svn: " + svnUrl + "/tags/9.9 }]\n")))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("app wp: plugin gone: " + svnUrl + "/tags/9.9 is not there");
        assertThatThrownBy(() -> builder().resolve(app("    plugins: [{ slug: gone, zip: " + TestRepos.url(http, "/gone.zip")
                + ", sha256: " + wrong + " }]\n")))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("app wp: plugin gone: cannot download " + TestRepos.url(http, "/gone.zip") + ": HTTP 404");
        assertThatThrownBy(() -> builder().resolve(app("    plugins: [{ slug: t, git: " + TestRepos.fileUrl(theme) + ", ref: v9 }]\n")))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("app wp: plugin t: 'v9' is neither a branch nor a tag").hasMessageContaining("v2.1");
        PlatformSpec.App missingTemplate = app("").withConfigs(List.of(new PlatformSpec.AppConfig("config/nope.peb", "x.php", null)));
        AppBuilder b = builder();
        assertThatThrownBy(() -> b.build(b.resolve(missingTemplate), model("10.0.0.5")))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("app wp: config config/nope.peb: no such file in ");
        PlatformSpec.App badTemplate = app("").withConfigs(List.of(new PlatformSpec.AppConfig("index.php", "x.php", null)));
        assertThat(b.build(b.resolve(badTemplate), model("10.0.0.5")).id()).as("a template without variables renders as is").isNotEmpty();
    }
}
