package io.rolestack.app.release;

import io.rolestack.app.config.AppTemplates;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an app's config templates see: {@code app.database} (name, user, iniPath) for an app with one, never a password. */
class AppModelTest {
    static final String SPEC = """
            environment: production
            domain: wpdn
            provider: { type: local }
            jump: jump
            hosts: [app1, frontend1, masterdb1]
            database: { primary: masterdb1 }
            apps:
              - { name: my-wp, repo: https://git.example.org/wp.git, database: true }
              - { name: plain, repo: https://git.example.org/plain.git }
            """;
    static final String TEMPLATE = "<?php return ['db' => '{{ app.database.name }}', 'user' => '{{ app.database.user }}',"
            + " 'ini' => '{{ app.database.iniPath }}'];";

    static List<PlatformSpec.App> apps() {
        return SpecLoader.parse(Path.of("spec.yaml"), SPEC).apps();
    }

    @Test
    void anAppWithADatabaseFindsItsNameAccountAndIni() {
        PlatformSpec.App wp = apps().get(0);
        Map<String, Object> model = AppBuilder.model(wp, "production", "/var/www/apps/my-wp", List.of("my-wp.production.wpdn"),
                Map.of(), Optional.of(new AppDatabaseRef("my_wp", "app_my_wp", "/etc/rolestack/db-app-my-wp.ini")));
        assertThat(new AppTemplates().render("t", TEMPLATE, model))
                .isEqualTo("<?php return ['db' => 'my_wp', 'user' => 'app_my_wp', 'ini' => '/etc/rolestack/db-app-my-wp.ini'];");
        @SuppressWarnings("unchecked")
        Map<String, Object> db = (Map<String, Object>) ((Map<String, Object>) model.get("app")).get("database");
        assertThat(db).containsOnlyKeys("name", "user", "iniPath");
    }

    @Test
    void anAppWithoutOneHasNoAppDatabaseAndATemplateNamingItIsAnError() {
        PlatformSpec.App plain = apps().get(1);
        Map<String, Object> model = AppBuilder.model(plain, "production", "/var/www/apps/plain", List.of("plain.production.wpdn"), Map.of());
        assertThat(((Map<?, ?>) model.get("app")).containsKey("database")).isFalse();
        assertThatThrownBy(() -> new AppTemplates().render("app plain: config c.peb", TEMPLATE, model))
                .hasMessageContaining("app plain: config c.peb");
        assertThatThrownBy(() -> AppBuilder.model(plain, "production", "/b", List.of(), Map.of(),
                Optional.of(new AppDatabaseRef("x", "y", "/z")))).hasMessageContaining("app plain");
        assertThatThrownBy(() -> AppBuilder.model(apps().get(0), "production", "/b", List.of(), Map.of()))
                .hasMessageContaining("app my-wp");
    }
}
