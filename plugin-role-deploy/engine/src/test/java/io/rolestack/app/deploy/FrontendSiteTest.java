package io.rolestack.app.deploy;

import io.rolestack.role.catalog.RoleCatalog;
import io.rolestack.role.render.TemplateRenderer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FrontendSiteTest {
    static String site(String role) {
        return FrontendSite.render(new TemplateRenderer(RoleCatalog.load(Optional.empty())), "wp-blog", role, "/var/www/wp-blog/current",
                List.of("blog.example.org"), List.of("10.20.0.14", "10.20.0.15"), 9000);
    }

    @Test
    void anAppOnTheAppPoolGoesThroughTheFrontendsOwnUpstreamSoADrainedHostGetsNoRequest() {
        String conf = site("app");
        assertThat(conf).contains("fastcgi_pass app;").doesNotContain("upstream rolestack_app_").doesNotContain("10.20.0.14");
        assertThat(conf).contains("server_name blog.example.org;").contains("root /var/www/wp-blog/current;");
    }

    @Test
    void anAppOnAnotherPoolHasAnUpstreamOfItsOwn() {
        String conf = site("lamp");
        assertThat(conf).contains("upstream rolestack_app_wp_blog {\n    server 10.20.0.14:9000;\n    server 10.20.0.15:9000;\n}")
                .contains("fastcgi_pass rolestack_app_wp_blog;");
    }

    @Test
    void currentIsResolvedOnceWhenTheRequestBeginsAndTheFilesTheScriptAndTheHeaderAllUseThatResolution() {
        String conf = site("app");
        assertThat(conf).contains("set $rolestack_docroot_wp_blog $realpath_root;")
                .contains("map $rolestack_docroot_wp_blog $rolestack_release_wp_blog {");
        assertThat(conf.split("location ", -1)).filteredOn(l -> l.contains("try_files"))
                .hasSize(2).allSatisfy(l -> assertThat(l).contains("root $rolestack_docroot_wp_blog;"));
    }
}
