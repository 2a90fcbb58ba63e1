package io.rolestack.vm.openstack;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenStackSettingsTest {

    static Map<String, Object> provider() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "openstack");
        m.put("cloud", "mycloud");
        m.put("image", "Ubuntu 24.04");
        m.put("network", "internal");
        m.put("subnetCidr", "10.0.0.0/24");
        m.put("keyName", "ops");
        m.put("flavor", "m1.small");
        m.put("flavors", Map.of("db", "m1.large", "app", "m1.medium"));
        m.put("sshFrom", "203.0.113.0/24");
        m.put("buildTimeout", "15m");
        m.put("pollInterval", "500ms");
        m.put("concurrency", 20);
        return m;
    }

    @Test
    void readsTheSpecProviderSection() {
        OpenStackSettings s = OpenStackSettings.fromMap(provider());
        assertThat(s.cloud()).isEqualTo("mycloud");
        assertThat(s.image()).isEqualTo("Ubuntu 24.04");
        assertThat(s.flavorFor("db", "")).isEqualTo("m1.large");
        assertThat(s.flavorFor("redis", null)).isEqualTo("m1.small");
        assertThat(s.flavorFor("db", "m1.xlarge")).as("the request's own flavor wins").isEqualTo("m1.xlarge");
        assertThat(s.bootTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.callTimeout()).isEqualTo(OpenStackSettings.DEFAULT_CALL_TIMEOUT);
        assertThat(s.concurrency()).isEqualTo(20);
        assertThat(s.floatingNetwork()).isEqualTo("public");
        assertThat(s.deployUser()).isEqualTo("deploy");
        assertThat(s.credentials()).isEmpty();
    }

    @Test
    void explicitAuthFieldsBecomeCredentialsWithoutTheSecret() {
        Map<String, Object> m = provider();
        m.put("authUrl", "https://keystone.example.org:5000");
        m.put("username", "ops");
        m.put("project", "web");
        m.put("userDomain", "Users");
        m.put("region", "RegionTwo");
        OpenStackCredentials c = OpenStackSettings.fromMap(m).credentials().orElseThrow();
        assertThat(c.identityV3Url()).isEqualTo("https://keystone.example.org:5000/v3");
        assertThat(c.username()).isEqualTo("ops");
        assertThat(c.password()).isEmpty();
        assertThat(c.projectName()).isEqualTo("web");
        assertThat(c.userDomain()).isEqualTo(new KeystoneDomain("Users", false));
        assertThat(c.regionName()).isEqualTo("RegionTwo");
    }

    @Test
    void badKeysAreNamed() {
        for (var bad : List.of(
                Map.entry("flavour", (Object) "m1.small"),
                Map.entry("subnetCidr", (Object) "10.0.0.0/33"),
                Map.entry("sshFrom", (Object) "anywhere"),
                Map.entry("buildTimeout", (Object) "soon"),
                Map.entry("callTimeout", (Object) "99999999999999999999s"),
                Map.entry("concurrency", (Object) "many"),
                Map.entry("type", (Object) "local"),
                Map.entry("deployUser", (Object) "Root; rm"),
                Map.entry("flavors", (Object) "m1.small"))) {
            Map<String, Object> m = provider();
            m.put(bad.getKey(), bad.getValue());
            assertThatThrownBy(() -> OpenStackSettings.fromMap(m)).as(bad.getKey())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("provider." + bad.getKey());
        }
    }

    @Test
    void secretsInTheSpecAreRefusedWithoutEchoingThem() {
        Map<String, Object> m = provider();
        m.put("password", "hunter2-secret");
        assertThatThrownBy(() -> OpenStackSettings.fromMap(m))
                .hasMessageContaining("provider.password").hasMessageContaining("OS_PASSWORD")
                .hasMessageNotContaining("hunter2-secret");
    }

    @Test
    void createNeedsImageNetworkSubnetSshFromAndDeployKey() {
        OpenStackSettings s = OpenStackSettings.fromMap(Map.of("type", "openstack", "flavor", "m1.small"));
        assertThatThrownBy(s::requireForCreate)
                .hasMessage("provider: missing image, network, subnetCidr, sshFrom, deployKey");
        OpenStackSettings none = OpenStackSettings.fromMap(Map.of());
        assertThatThrownBy(() -> none.flavorFor("app", ""))
                .hasMessageContaining("no flavor for role 'app'").hasMessageContaining("provider.flavors.app");
    }
}
