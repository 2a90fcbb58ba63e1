package io.rolestack.platform.app;

import io.rolestack.core.testing.StepChain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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
    static AppSiteOnLocalHosts site;
    static String release;

    @BeforeAll
    static void writeSpec() throws Exception {
        site = new AppSiteOnLocalHosts(tmp, "wordpress", """
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
                """);
    }

    @AfterAll
    static void down() {
        if (site != null) site.down();
    }

    /** A request through frontend1 from the jump host with the site's name: "STATUS RELEASE-HEADER COOKIES BODY". */
    static String http(String method, String path, String body, String stdin) {
        return http(SITE, method, path, body, stdin);
    }

    static String http(String host, String method, String path, String body, String stdin) {
        return site.http(host, method, path, body, stdin, "wordpress_test_cookie=WP%20Cookie%20check");
    }

    static String get(String path) {
        return http("GET", path, null, null);
    }

    static String on(String host, String command) {
        return site.on(host, command);
    }

    static String sql(String query) {
        return site.sql(query);
    }

    @Test
    @Order(1)
    void theRepoIsBuiltFromDebiansPackagesOnceAndThenUnchanged() throws Exception {
        String first = site.appRepo();
        assertThat(first).startsWith(site.repo + ": master ").contains("(wordpress 6.");
        assertThat(Files.isSymbolicLink(site.repo)).as("DEST is switched by a rename").isTrue();
        assertThat(site.appRepo()).startsWith(site.repo + ": unchanged (master " + first.split(" ")[2]);
    }

    @Test
    @Order(2)
    void applyBuildsTheHostsAndTheAppsDatabase() {
        site.applyMakesTheAccountForTheAppPoolOnly();
    }

    @Test
    @Order(3)
    void theFirstDeployAnswersThroughTheFrontendOverVerifiedTlsBeforeTheInstall() {
        release = site.deploy(Duration.ofSeconds(60));
        assertThat(get("/rolestack-ok.php")).startsWith("200 " + release + "  ok db=masterdb1")
                .contains(" user=app_wordpress@" + site.privateIp("app1") + " cipher=").contains(" installed=0 ");
        assertThat(on("app1", "grep -cF \"define('DB_PASSWORD', '\" /var/www/apps/wordpress/current/htdocs/wp-config.php || true"))
                .as("no password in the release: read from the ini at run time").isEqualTo("0");
    }

    @Test
    @Order(4)
    void setupInstallsWordPressOnceWithTheAdminPasswordFromTheSecretStore() {
        site.setupInstallsOnce(SITE);
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
        String password = site.adminPassword();
        // The password goes on the jump host's stdin, never into argv.
        String ok = http("POST", "/wp-login.php", "log=admin&rememberme=forever&pwd=", password);
        assertThat(ok).startsWith("302 " + release).contains("wordpress_logged_in_");
        String wrong = http("POST", "/wp-login.php", "log=admin&pwd=", "not-the-password");
        assertThat(wrong).startsWith("200 ").doesNotContain("wordpress_logged_in_");
    }

    @Test
    @Order(8)
    void everythingAgainChangesNothing() throws Exception {
        site.everythingAgainChangesNothing(release, SITE);
        assertThat(get("/")).contains("Rolestack was here");
    }
}
