package io.rolestack.platform.app;

import io.rolestack.app.deploy.AppOutcome;
import io.rolestack.core.events.Progress;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.Shell;
import io.rolestack.core.result.Status;
import io.rolestack.core.secrets.FileSecretStore;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.core.testing.StepChain;
import io.rolestack.platform.Platform;
import io.rolestack.platform.PlatformOptions;
import io.rolestack.platform.deploy.DeployOutcome;
import io.rolestack.platform.exec.ExecOutcome;
import io.rolestack.platform.exec.ExecRequest;
import io.rolestack.platform.provider.Providers;
import io.rolestack.role.plan.Limit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's WordPress on real local hosts (root): the parent repo built by {@code scripts/app-repo} from Debian's
 * packages, deployed with its own database ({@code database: true}: account app_wordpress, TLS, from the app pool
 * only) to app1 behind frontend1, installed by {@code rolestack app setup}; pages through the frontend come from
 * the database over a verified TLS connection as that account; a post written into the database appears on the
 * home page and in the REST API; the admin password in the secret store logs in; nothing changes the second time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepChain.class)
class WordPressOnLocalHostsIT {
    static final String SITE = "wordpress.wpit.wpdn";
    @TempDir
    static Path tmp;
    static PlatformSpec spec;
    static Path repo;
    static String release;

    @BeforeAll
    static void writeSpec() throws Exception {
        repo = tmp.resolve("repos/wordpress.git");
        Path file = tmp.resolve("platform.yaml");
        Files.writeString(file, """
                environment: wpit
                domain: wpdn
                provider:
                  type: local
                  stateDir: %s
                jump: jump.wpit.wpdn
                hosts: [masterdb1, app1, frontend1]
                database:
                  primary: masterdb1
                  tls: true
                apps:
                  - name: wordpress
                    repo: %s
                    root: htdocs
                    database: true
                    shared: [htdocs/wp-content/uploads]
                    configs:
                      - { template: config/wp-config.php.peb, dest: htdocs/wp-config.php }
                    health: /rolestack-ok.php
                """.formatted(tmp.resolve("state"), repo.toUri()));
        spec = SpecLoader.load(file);
    }

    @AfterAll
    static void down() {
        if (spec != null) assertThat(Providers.local(spec).down(spec.environment(), Progress.NONE).failed()).isFalse();
    }

    static PlatformOptions options() {
        return PlatformOptions.defaults().withSecrets(tmp.resolve("secrets"));
    }

    static Platform platform() {
        return Platform.open(spec, options());
    }

    /** scripts/app-repo, run as the demo runs it; its stdout. */
    static String appRepo() throws IOException, InterruptedException {
        Path script = Path.of("../scripts/app-repo").toAbsolutePath().normalize();
        Process p = new ProcessBuilder(script.toString(), "wordpress", repo.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    /** A request through frontend1 from the jump host with the site's name: "STATUS RELEASE-HEADER BODY". */
    static String http(String method, String path, String body, String stdin) {
        return http(SITE, method, path, body, stdin);
    }

    static String http(String host, String method, String path, String body, String stdin) {
        String ip = platform().listVms().host("frontend1").orElseThrow().privateIp();
        String py = "import http.client, sys\n"
                + "body = " + (body == null ? "None" : "'" + body + "'" + (stdin == null ? "" : " + sys.stdin.read().strip()")) + "\n"
                + "c = http.client.HTTPConnection('" + ip + "', 80, timeout=30)\n"
                + "h = {'Host': '" + host + "', 'Content-Type': 'application/x-www-form-urlencoded', 'Cookie': 'wordpress_test_cookie=WP%20Cookie%20check'}\n"
                + "c.request('" + method + "', '" + path + "', body=body, headers=h)\n"
                + "r = c.getresponse()\n"
                + "print(r.status, r.getheader('X-Rolestack-Release') or '-', ' '.join(v for k, v in r.getheaders() if k.lower() == 'set-cookie'),"
                + " r.read().decode(errors='replace').strip())\n";
        try (Platform.Access a = platform().access(); Remote jump = a.hosts().apply(a.hosts().jump())) {
            Command c = Command.of("python3 -c " + Shell.quote(py)).withTimeout(Duration.ofSeconds(60));
            ExecResult r = jump.exec(stdin == null ? c : c.withStdin(stdin));
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            return r.stdout().strip();
        }
    }

    static String get(String path) {
        return http("GET", path, null, null);
    }

    static String on(String host, String command) {
        ExecOutcome o = Platform.open(spec, options().withLimit(Limit.parse(host))).exec(ExecRequest.of(command).withRoot(true));
        assertThat(o.exitCode()).as(host + ": " + command + " -> " + o.hosts()).isZero();
        return o.hosts().get(0).stdout().strip();
    }

    static String sql(String query) {
        return on("masterdb1", "mariadb -N -B -e " + Shell.quote(query));
    }

    static String describe(AppOutcome o) {
        return o.status() + " " + o.release() + ": " + o.message() + "\n" + o.results().stream()
                .map(r -> r.host() + " " + r.status() + " " + r.message()).collect(Collectors.joining("\n"));
    }

    @Test
    @Order(1)
    void theRepoIsBuiltFromDebiansPackagesOnceAndThenUnchanged() throws Exception {
        String first = appRepo();
        assertThat(first).startsWith(repo + ": master ").contains("(wordpress 6.");
        assertThat(Files.isSymbolicLink(repo)).as("DEST is switched by a rename").isTrue();
        assertThat(appRepo()).startsWith(repo + ": unchanged (master " + first.split(" ")[2]);
    }

    @Test
    @Order(2)
    void applyBuildsTheHostsAndTheAppsDatabase() {
        DeployOutcome applied = platform().apply();
        assertThat(applied.summary().anyFailed()).as(applied.summary().results().stream().filter(x -> x.status() == Status.FAILED)
                .map(x -> x.host() + " " + x.operation() + ": " + x.message()).collect(Collectors.joining("\n"))).isFalse();
        assertThat(sql("SELECT Host, ssl_type FROM mysql.user WHERE User = 'app_wordpress'"))
                .isEqualTo(platform().listVms().host("app1").orElseThrow().privateIp() + "\tANY");
    }

    @Test
    @Order(3)
    void theFirstDeployAnswersThroughTheFrontendOverVerifiedTlsBeforeTheInstall() {
        AppOutcome o = platform().appDeploy(AppRequest.of("wordpress").withHealthTimeout(Duration.ofSeconds(60))).apps().get(0);
        assertThat(o.status()).as(describe(o)).isEqualTo(AppOutcome.Status.DEPLOYED);
        release = o.release();
        String app1 = platform().listVms().host("app1").orElseThrow().privateIp();
        assertThat(get("/rolestack-ok.php")).startsWith("200 " + release + "  ok db=masterdb1")
                .contains(" user=app_wordpress@" + app1 + " cipher=").contains(" installed=0 ");
        assertThat(on("app1", "grep -cF \"define('DB_PASSWORD', '\" /var/www/apps/wordpress/current/htdocs/wp-config.php || true"))
                .as("no password in the release: read from the ini at run time").isEqualTo("0");
    }

    @Test
    @Order(4)
    void setupInstallsWordPressOnceWithTheAdminPasswordFromTheSecretStore() {
        List<AppSetup.Outcome> first = platform().appSetup(AppRequest.of("wordpress"));
        assertThat(first).hasSize(1);
        assertThat(first.get(0).ok()).as(first.get(0).output()).isTrue();
        assertThat(first.get(0).output()).isEqualTo("installed: http://" + SITE + " (admin user admin)");
        String password = FileSecretStore.open(tmp.resolve("secrets")).read(AppSetup.passwordSecret("wordpress")).orElseThrow().value().strip();
        assertThat(password).hasSize(24);
        assertThat(first.get(0).output()).doesNotContain(password);
        List<AppSetup.Outcome> again = platform().appSetup(AppRequest.of("wordpress"));
        assertThat(again.get(0).output()).isEqualTo("already installed: http://" + SITE);
        assertThat(sql("SELECT user_login FROM wordpress.wp_users")).isEqualTo("admin");
    }

    @Test
    @Order(5)
    void theHomePageShowsThePostsFromTheDatabase() {
        String home = get("/");
        assertThat(home).startsWith("200 " + release).contains("Hello world!");
        assertThat(get("/rolestack-ok.php")).contains(" installed=1 posts=1");
        sql("INSERT INTO wordpress.wp_posts (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt,"
                + " post_status, comment_status, ping_status, post_name, to_ping, pinged, post_modified, post_modified_gmt,"
                + " post_content_filtered, post_parent, guid, menu_order, post_type) VALUES (1, NOW(), UTC_TIMESTAMP(),"
                + " 'Written into MariaDB by the test.', 'Rolestack was here', '', 'publish', 'open', 'open', 'rolestack-was-here',"
                + " '', '', NOW(), UTC_TIMESTAMP(), '', 0, '', 0, 'post')");
        assertThat(get("/")).contains("Rolestack was here").contains("Hello world!");
        assertThat(get("/?rest_route=/wp/v2/posts")).startsWith("200 " + release).contains("\"rendered\":\"Rolestack was here\"");
        assertThat(get("/rolestack-ok.php")).contains(" posts=2");
    }

    @Test
    @Order(6)
    void linksKeepTheTunnelsPortButNeverAForgedName() {
        assertThat(http(SITE + ":8080", "GET", "/", null, null)).as("no redirect to itself").startsWith("200 ").contains("href=\"http://" + SITE + ":8080/?feed=rss2\"");
        assertThat(http(SITE, "GET", "/", null, null)).contains("href=\"http://" + SITE + "/?feed=rss2\"");
        // Absolute-form request: nginx picks the site by the URL's name, the Host header says another: links keep the site's name.
        String forged = http("evil.example.org:8080", "GET", "http://" + SITE + "/", null, null);
        assertThat(forged).startsWith("200 " + release).contains("href=\"http://" + SITE + "/?feed=rss2\"").doesNotContain("evil.example.org");
    }

    @Test
    @Order(7)
    void theAdminPasswordInTheSecretStoreLogsIn() {
        String password = FileSecretStore.open(tmp.resolve("secrets")).read(AppSetup.passwordSecret("wordpress")).orElseThrow().value();
        // The password goes on the jump host's stdin, never into argv.
        String ok = http("POST", "/wp-login.php", "log=admin&rememberme=forever&pwd=", password);
        assertThat(ok).startsWith("302 " + release).contains("wordpress_logged_in_");
        String wrong = http("POST", "/wp-login.php", "log=admin&pwd=", "not-the-password");
        assertThat(wrong).startsWith("200 ").doesNotContain("wordpress_logged_in_");
    }

    @Test
    @Order(8)
    void everythingAgainChangesNothing() throws Exception {
        assertThat(appRepo()).contains(": unchanged (master ");
        AppOutcome o = platform().appDeploy(AppRequest.of("wordpress")).apps().get(0);
        assertThat(o.status()).as(describe(o)).isEqualTo(AppOutcome.Status.UNCHANGED);
        assertThat(o.release()).isEqualTo(release);
        assertThat(platform().appSetup(AppRequest.of("wordpress")).get(0).output()).startsWith("already installed");
        assertThat(get("/")).contains("Rolestack was here");
    }
}
