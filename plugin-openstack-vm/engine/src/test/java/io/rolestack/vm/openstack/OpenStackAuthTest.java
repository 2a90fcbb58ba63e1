package io.rolestack.vm.openstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenStackAuthTest {
    static final OpenStackSettings NO_CLOUD = OpenStackSettings.fromMap(Map.of());

    static final String CLOUDS = """
            clouds:
              prod:
                auth:
                  auth_url: https://keystone.example.org:5000/v3
                  username: ops
                  password: "pa:ss w0rd"
                  project_name: web
                  user_domain_name: Users
                  project_domain_name: Projects
                region_name: RegionTwo
              app:
                auth_type: v3applicationcredential
                auth:
                  auth_url: https://keystone.example.org:5000
                  application_credential_id: 0123abcd
                  application_credential_secret: appsecret
              nopw:
                auth:
                  auth_url: https://keystone.example.org:5000
                  username: ops
                  project_name: web
            """;

    @Test
    void osEnvironmentVariables() {
        OpenStackCredentials c = OpenStackAuth.resolve(NO_CLOUD, Map.of("OS_AUTH_URL", "https://k.example.org:5000/v3/",
                "OS_USERNAME", "ops", "OS_PASSWORD", "pw", "OS_PROJECT_NAME", "web", "OS_USER_DOMAIN_NAME", "Users",
                "OS_PROJECT_DOMAIN_NAME", "Projects", "OS_REGION_NAME", "RegionOne"), List.of());
        assertThat(c.identityV3Url()).isEqualTo("https://k.example.org:5000/v3");
        assertThat(c.username()).isEqualTo("ops");
        assertThat(c.userDomain()).isEqualTo(new KeystoneDomain("Users", false));
        assertThat(c.projectDomain()).isEqualTo(new KeystoneDomain("Projects", false));
        assertThat(c.region()).hasValue("RegionOne");
        assertThat(c.usesApplicationCredential()).isFalse();
    }

    @Test
    void applicationCredentialFromEnvironmentNeedsNoUserOrProject() {
        OpenStackCredentials c = OpenStackAuth.resolve(NO_CLOUD, Map.of("OS_AUTH_URL", "https://k.example.org:5000",
                "OS_APPLICATION_CREDENTIAL_ID", "abc", "OS_APPLICATION_CREDENTIAL_SECRET", "s"), List.of());
        assertThat(c.usesApplicationCredential()).isTrue();
        assertThat(c.userDomain()).isEqualTo(KeystoneDomain.DEFAULT);
    }

    @Test
    void cloudsYamlNamedByOsCloudOrBySettings(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("clouds.yaml");
        Files.writeString(file, CLOUDS);
        OpenStackCredentials prod = OpenStackAuth.resolve(NO_CLOUD, Map.of("OS_CLOUD", "prod"), List.of(dir.resolve("absent.yaml"), file));
        assertThat(prod.password()).isEqualTo("pa:ss w0rd");
        assertThat(prod.projectDomain()).isEqualTo(new KeystoneDomain("Projects", false));
        assertThat(prod.regionName()).isEqualTo("RegionTwo");

        OpenStackSettings app = OpenStackSettings.fromMap(Map.of("cloud", "app"));
        OpenStackCredentials ac = OpenStackAuth.resolve(app, Map.of("OS_CLOUD", "prod"), List.of(file));
        assertThat(ac.applicationCredentialId()).as("provider.cloud wins over OS_CLOUD").isEqualTo("0123abcd");

        OpenStackCredentials filled = OpenStackAuth.resolve(NO_CLOUD, Map.of("OS_CLOUD", "nopw", "OS_PASSWORD", "from-env"), List.of(file));
        assertThat(filled.password()).as("a password left out of clouds.yaml comes from OS_PASSWORD").isEqualTo("from-env");

        assertThatThrownBy(() -> OpenStackAuth.resolve(NO_CLOUD, Map.of("OS_CLOUD", "nopw"), List.of(file)))
                .hasMessageContaining("cloud 'nopw'").hasMessageContaining("lack password");
        assertThatThrownBy(() -> OpenStackAuth.resolve(NO_CLOUD, Map.of("OS_CLOUD", "staging"), List.of(file)))
                .hasMessageContaining("OpenStack cloud 'staging' is in none of");
    }

    @Test
    void standardLocationsInTheOpenstackClientOrder() {
        assertThat(OpenStackAuth.standardCloudsYamlLocations(Map.of("HOME", "/home/ops", "OS_CLIENT_CONFIG_FILE", "/x/c.yaml")))
                .containsExactly(Path.of("/x/c.yaml"), Path.of("clouds.yaml"),
                        Path.of("/home/ops/.config/openstack/clouds.yaml"), Path.of("/etc/openstack/clouds.yaml"));
    }

    @Test
    void brokenCloudsYamlNamesTheFileNotItsContent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("clouds.yaml");
        Files.writeString(file, "clouds:\n  prod:\n    auth: {password: \"s3cr3t-value\n");
        assertThatThrownBy(() -> OpenStackAuth.resolve(NO_CLOUD, Map.of("OS_CLOUD", "prod"), List.of(file)))
                .hasMessageContaining(file.toString()).hasMessageNotContaining("s3cr3t-value");
    }

    @Test
    void nothingConfiguredSaysWhatToSet() {
        assertThatThrownBy(() -> OpenStackAuth.resolve(NO_CLOUD, Map.of(), List.of()))
                .hasMessageContaining("OS_CLOUD").hasMessageContaining("OS_AUTH_URL");
    }

    @Test
    void credentialsNeverPrintTheirSecrets() {
        OpenStackCredentials pw = OpenStackCredentials.password("https://k/v3", "ops", "hunter2", "web");
        OpenStackCredentials ac = OpenStackCredentials.applicationCredential("https://k/v3", "id1", "topsecret");
        assertThat(pw.toString()).doesNotContain("hunter2").contains("password=****").contains("user=ops@Default");
        assertThat(ac.toString()).doesNotContain("topsecret").contains("applicationCredential=id1");
        assertThat(pw.secrets()).containsExactly("hunter2");
    }
}
