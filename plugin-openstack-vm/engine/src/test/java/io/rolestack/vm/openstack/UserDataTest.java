package io.rolestack.vm.openstack;

import io.rolestack.core.naming.HostName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserDataTest {
    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq1bXcfBv0wYlJ0dU5oQ2c4b0pXN3lQZ2VzcXR4 deploy@rolestack";

    @Test
    @SuppressWarnings("unchecked")
    void cloudConfigSetsHostnameFqdnAndTheDeployKey() {
        String ud = UserData.render(HostName.parse("redis-sessions1.production.wpdn"), "deploy", KEY);
        assertThat(ud).startsWith("#cloud-config\n");
        Map<String, Object> doc = new Yaml().load(ud);
        assertThat(doc).containsEntry("hostname", "redis-sessions1").containsEntry("fqdn", "redis-sessions1.production.wpdn")
                .containsEntry("manage_etc_hosts", true);
        List<Object> users = (List<Object>) doc.get("users");
        Map<String, Object> deploy = (Map<String, Object>) users.get(1);
        assertThat(deploy).containsEntry("name", "deploy").containsEntry("sudo", "ALL=(ALL) NOPASSWD:ALL").containsEntry("lock_passwd", true);
        assertThat((List<String>) deploy.get("ssh_authorized_keys")).containsExactly(KEY);
    }

    @Test
    @SuppressWarnings("unchecked")
    void rootGetsTheKeyAndRootLoginIsLeftEnabled() {
        Map<String, Object> doc = new Yaml().load(UserData.render(HostName.parse("app1.production.wpdn"), "root", KEY));
        assertThat(doc).containsEntry("disable_root", false);
        Map<String, Object> root = (Map<String, Object>) ((List<Object>) doc.get("users")).get(1);
        assertThat(root).containsEntry("name", "root").doesNotContainKey("sudo");
        assertThat((List<String>) root.get("ssh_authorized_keys")).containsExactly(KEY);
    }

    @Test
    void base64IsWhatNovaWants() {
        String ud = UserData.render(HostName.parse("app1.production.wpdn"), "deploy", KEY);
        assertThat(new String(Base64.getDecoder().decode(UserData.base64(ud)), StandardCharsets.UTF_8)).isEqualTo(ud);
    }

    @Test
    void onlyOnePublicKeyLineIsAccepted() {
        HostName h = HostName.parse("app1.production.wpdn");
        for (String bad : List.of("", "not a key", KEY + "\nssh-rsa AAAA evil", "-----BEGIN OPENSSH PRIVATE KEY-----")) {
            assertThatThrownBy(() -> UserData.render(h, "deploy", bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("app1.production.wpdn");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void hostKeysGoToCloudInitsSshKeysAndNoOthersAreMade() {
        SshHostKeys keys = SshHostKeys.generate();
        Map<String, Object> doc = new Yaml().load(UserData.render(HostName.parse("app1.production.wpdn"), "deploy", KEY, keys));
        Map<String, Object> ssh = (Map<String, Object>) doc.get("ssh_keys");
        assertThat(ssh).containsEntry("ed25519_private", keys.ed25519Private().value())
                .containsEntry("ed25519_public", keys.ed25519Public())
                .containsEntry("rsa_private", keys.rsaPrivate().value())
                .containsEntry("rsa_public", keys.rsaPublic());
        assertThat(doc).containsEntry("ssh_deletekeys", true).containsEntry("ssh_genkeytypes", List.of());
        assertThat(UserData.render(HostName.parse("app1.production.wpdn"), "deploy", KEY)).doesNotContain("ssh_keys");
    }
}
