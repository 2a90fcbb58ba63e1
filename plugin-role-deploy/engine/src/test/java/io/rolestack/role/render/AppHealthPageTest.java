package io.rolestack.role.render;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.role.Platforms;
import io.rolestack.role.catalog.Role;
import io.rolestack.role.catalog.RoleCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app role's health page, rendered for the example platform: it reads the memcached
 * servers from services.ini and the DB primary from the files the MariaDB engine writes,
 * at request time (so a switchover needs no new page), and PHP accepts it.
 */
class AppHealthPageTest {
    @TempDir
    Path dir;

    private static String page(Inventory inv, String app) {
        RoleCatalog c = RoleCatalog.load(Optional.empty());
        Host h = inv.host(app).orElseThrow();
        Role r = c.role("app").orElseThrow();
        return new TemplateRenderer(c).render("app", "rolestack-health.php.peb", RenderModel.of(inv, h, c.names(), r.vars(), Set.of(), List.of()));
    }

    @Test
    void pageChecksMemcachedAndTheDbPrimaryOverVerifiedTlsFromFilesReadPerRequest() {
        String page = page(Platforms.example(), "app1");
        assertThat(page).startsWith("<?php\n")
                .contains("parse_ini_file(\"$etc/services.ini\", true)", "parse_ini_file(\"$etc/db-app.ini\", true)")
                .contains("MYSQLI_OPT_SSL_VERIFY_SERVER_CERT, true", "ssl_set(null, null, $db['ca'], null, null)", "MYSQLI_CLIENT_SSL)")
                .contains("SELECT @@hostname AS h, @@read_only AS ro", "SHOW STATUS LIKE 'Ssl_cipher'")
                .contains("http_response_code(500)");
        // Nothing host-specific is rendered into it: a switchover or a new memcache host changes files, not the page.
        Inventory moved = Platforms.example().with(Platforms.host("memcache2", "10.20.0.40"));
        assertThat(page(moved, "app2")).isEqualTo(page);
    }

    @Test
    void phpAcceptsThePage() throws Exception {
        // A missing tool fails the test, never skips it: scripts/prerequisites.sh installs php-cli.
        assertThat(Files.isExecutable(Path.of("/usr/bin/php"))).as("php-cli installed (scripts/prerequisites.sh)").isTrue();
        Path f = dir.resolve("rolestack-health.php");
        Files.writeString(f, page(Platforms.example(), "app1"));
        Process p = new ProcessBuilder("/usr/bin/php", "-l", f.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("No syntax errors detected");
    }
}
