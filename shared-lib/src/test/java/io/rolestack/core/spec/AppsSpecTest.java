package io.rolestack.core.spec;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code apps:} block: what it reads and every refusal at its FILE:LINE:COLUMN. */
class AppsSpecTest {
    static final Path F = Path.of("spec.yaml");
    static final String BASE = """
            environment: production
            domain: wpdn
            provider: { type: local }
            jump: jump
            hosts: [app1, frontend1]
            """;
    static final String APP = BASE + "apps:\n  - name: wp\n    repo: https://git.example.org/wp.git\n";

    static void assertError(String yaml, String where, String what) {
        assertThatThrownBy(() -> SpecLoader.parse(F, yaml))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("spec.yaml:" + where + ": ")
                .hasMessageContaining(what);
    }

    @Test
    void aMinimalAppGetsItsDefaults() {
        PlatformSpec.App app = SpecLoader.parse(F, APP).apps().get(0);
        assertThat(app.name()).isEqualTo("wp");
        assertThat(app.ref()).isEqualTo("master");
        assertThat(app.role()).isEqualTo("app");
        assertThat(app.root()).isEmpty();
        assertThat(app.keep()).isEqualTo(PlatformSpec.App.DEFAULT_KEEP);
        assertThat(app.health()).isEqualTo("/");
        assertThat(app.hostnames()).isEmpty();
        assertThat(app.pluginsDir()).isEqualTo("wp-content/plugins");
        assertThat(app.where().line()).isEqualTo(7);
    }

    @Test
    void everyFieldIsRead() {
        PlatformSpec.App app = SpecLoader.parse(F, APP + """
                    ref: v1.2
                    root: web/
                    shared: [wp-content/uploads, cache]
                    configs:
                      - { template: config/wp-config.php.peb, dest: web/wp-config.php }
                    keep: 3
                    health: /health.php?deep=1
                    hostnames: [www.example.org, example.org]
                    plugins:
                      - { slug: our-theme, git: file:///srv/git/theme.git, ref: v2.1 }
                      - { slug: akismet, svn: https://plugins.svn.example.org/akismet/tags/5.3 }
                      - { slug: classic, svn: svn://svn.example.org/classic/trunk, revision: 42 }
                      - { slug: seo, zip: https://downloads.example.org/seo.zip, sha256: %s }
                """.formatted("a".repeat(64))).apps().get(0);
        assertThat(app.ref()).isEqualTo("v1.2");
        assertThat(app.root()).isEqualTo("web");
        assertThat(app.underRoot("x.php")).isEqualTo("web/x.php");
        assertThat(app.shared()).containsExactly("wp-content/uploads", "cache");
        assertThat(app.configs()).extracting(PlatformSpec.AppConfig::template, PlatformSpec.AppConfig::dest)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("config/wp-config.php.peb", "web/wp-config.php"));
        assertThat(app.keep()).isEqualTo(3);
        assertThat(app.health()).isEqualTo("/health.php?deep=1");
        assertThat(app.hostnames()).containsExactly("www.example.org", "example.org");
        List<PlatformSpec.Plugin> p = app.plugins();
        assertThat(p).extracting(PlatformSpec.Plugin::slug).containsExactly("our-theme", "akismet", "classic", "seo");
        assertThat(p.get(0).ref()).contains("v2.1");
        assertThat(p.get(1).revision()).isEmpty();
        assertThat(p.get(2).revision()).contains(42L);
        assertThat(p.get(3).sha256()).contains("a".repeat(64));
        assertThat(p.get(3).ref()).isEqualTo(Optional.empty());
    }

    @Test
    void pluginsNeedExactlyOneKnownSourceAndZipsTheirChecksum() {
        String app = APP + "    plugins:\n";
        assertError(app + "      - { slug: a, git: file:///x, svn: file:///y }\n", "10:9", "needs exactly one source: git, svn or zip (has git, svn)");
        assertError(app + "      - { slug: a }\n", "10:9", "needs exactly one source");
        assertError(app + "      - { slug: a, hg: https://x/a }\n", "10:20", "unknown plugin source or key 'hg'");
        assertError(app + "      - { slug: a, zip: https://x/a.zip }\n", "10:9", "needs its sha256");
        assertError(app + "      - { slug: a, zip: https://x/a.zip, sha256: abc }\n", "10:50", "64 lower-case hex");
        assertError(app + "      - { slug: a, svn: https://x/a, ref: v1 }\n", "10:43", "'ref' is only for git plugins");
        assertError(app + "      - { slug: a, git: https://x/a, revision: 3 }\n", "10:48", "'revision' is only for svn plugins");
        assertError(app + "      - { slug: a, svn: https://x/a, revision: HEAD }\n", "10:48", "revision must be a number");
        assertError(app + "      - { slug: A b, git: https://x/a }\n", "10:17", "is not a plugin slug");
        assertError(app + "      - { slug: a, git: not-a-url }\n", "10:25", "git 'not-a-url' is not a URL");
        assertError(app + "      - { slug: a, git: https://x/a }\n      - { slug: a, git: https://x/b }\n", "11:9", "duplicate plugin slug 'a'");
    }

    @Test
    void appFieldsAreCheckedAtTheirPosition() {
        assertError(APP + "    role: db\n", "9:11", "no host of this spec has role 'db'");
        assertError(APP.replace("[app1, frontend1]", "[app1]"), "7:11", "no frontend host serves it");
        assertError(APP + "    root: ../etc\n", "9:11", "is not a plain relative path");
        assertError(APP + "    shared: [/var/lib/x]\n", "9:14", "must be relative");
        assertError(APP + "    shared: [wp-content, wp-content/uploads]\n", "9:26", "overlaps 'wp-content'");
        assertError(APP + "    configs: [{ template: a.peb, dest: a.php }, { template: b.peb, dest: a.php }]\n", "9:74",
                "two configs write 'a.php'");
        assertError(APP + "    shared: [up]\n    configs: [{ template: a.peb, dest: up/a.php }]\n", "10:40", "inside shared path 'up'");
        assertError(APP + "    keep: 0\n", "9:11", "keep must be 1 to 100");
        assertError(APP + "    health: health.php\n", "9:13", "must be a path starting with '/'");
        assertError(APP + "    ref: 'a b'\n", "9:10", "is not a branch or tag name");
        assertError(APP + "    branch: main\n", "9:5", "unknown key 'branch'");
        assertError(APP + "  - name: wp\n    repo: https://git.example.org/other.git\n", "9:11", "duplicate app 'wp'");
        assertError(BASE + "apps:\n  - { name: wp }\n", "7:5", "missing required key 'repo'");
        assertError(BASE + "apps:\n  - { name: my-app, repo: https://x/a.git }\n  - { name: my_app, repo: https://x/b.git }\n", "8:13",
                "app 'my_app' and app 'my-app' differ only by '-' and '_'");
        assertError(APP + "    hostnames: [a.example.org]\n  - { name: b, repo: https://x/b.git, hostnames: [a.example.org] }\n", "10:51",
                "host name 'a.example.org' is already served for app 'wp'");
    }

    static final String DB_APP = BASE.replace("[app1, frontend1]", "[app1, frontend1, masterdb1]")
            + "database: { primary: masterdb1 }\napps:\n  - name: my-wp\n    repo: https://git.example.org/wp.git\n";

    @Test
    void anAppHasNoDatabaseUnlessItAsksForOne() {
        assertThat(SpecLoader.parse(F, APP).apps().get(0).database()).isEmpty();
        assertThat(SpecLoader.parse(F, DB_APP + "    database: false\n").apps().get(0).database()).isEmpty();
        PlatformSpec.AppDatabase db = SpecLoader.parse(F, DB_APP + "    database: true\n").apps().get(0).database().orElseThrow();
        assertThat(db.name()).isEqualTo("my_wp");
        assertThat(db.user()).isEqualTo("app_my_wp");
        assertThat(db.where().line()).isEqualTo(10);
        PlatformSpec.AppDatabase named = SpecLoader.parse(F, DB_APP + "    database: blog\n").apps().get(0).database().orElseThrow();
        assertThat(named.name() + " " + named.user()).isEqualTo("blog app_my_wp");
        PlatformSpec.AppDatabase both = SpecLoader.parse(F, DB_APP + "    database: { name: blog, user: blogger }\n").apps().get(0)
                .database().orElseThrow();
        assertThat(both.name() + " " + both.user()).isEqualTo("blog blogger");
        PlatformSpec.AppDatabase userOnly = SpecLoader.parse(F, DB_APP + "    database: { user: blogger }\n").apps().get(0)
                .database().orElseThrow();
        assertThat(userOnly.name() + " " + userOnly.user()).isEqualTo("my_wp blogger");
    }

    @Test
    void databaseRefusalsAreAtTheirPosition() {
        assertError(APP + "    database: true\n", "9:15", "app 'wp': a database needs the spec's database: section");
        assertError(DB_APP + "    database: [a]\n", "10:15", "database is true, false, a database name or {name, user}");
        assertError(DB_APP + "    database: My-Db\n", "10:15", "'My-Db' is not a database name");
        assertError(DB_APP + "    database: " + "d".repeat(65) + "\n", "10:15", "is not a database name (a-z, 0-9, '_', at most 64)");
        assertError(DB_APP + "    database: mysql\n", "10:15", "database 'mysql' is reserved");
        assertError(DB_APP + "    database: app\n", "10:15", "database 'app' is reserved");
        assertError(DB_APP + "    database: { name: blog, user: root }\n", "10:35", "account 'root' is reserved");
        assertError(DB_APP + "    database: { user: rolestack_app }\n", "10:23", "account 'rolestack_app' is reserved");
        assertError(DB_APP + "    database: { user: a-b }\n", "10:23", "'a-b' is not an account name");
        assertError(DB_APP + "    database: { name: blog, owner: x }\n", "10:29", "unknown key 'owner'");
        String longName = "a".repeat(29);
        assertError(DB_APP.replace("my-wp", longName) + "    database: true\n", "10:15",
                "'app_" + longName + "' is not an account name (a-z, 0-9, '_', at most 32 characters); name one: database: {user: ...}");
        assertThat(SpecLoader.parse(F, DB_APP.replace("my-wp", longName) + "    database: { user: short }\n").apps().get(0)
                .database().orElseThrow().name()).isEqualTo(longName);
        assertError(DB_APP + "    database: blog\n  - { name: b, repo: https://x/b.git, database: blog }\n", "11:49",
                "app 'b': database 'blog' is already app 'my-wp''s");
        assertError(DB_APP + "    database: true\n  - { name: b, repo: https://x/b.git, database: { user: app_my_wp } }\n", "11:49",
                "app 'b': account 'app_my_wp' is already app 'my-wp''s");
    }
}
