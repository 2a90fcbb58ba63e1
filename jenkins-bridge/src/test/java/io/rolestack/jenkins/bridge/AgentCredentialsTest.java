package io.rolestack.jenkins.bridge;

import io.rolestack.core.secrets.SecretStore;
import io.rolestack.core.secrets.SecretStoreException;
import io.rolestack.core.secrets.Secret;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.platform.InvalidRequestException;
import io.rolestack.platform.PlatformOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentCredentialsTest {
    static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAAC3NzaC1lZDI1NTE5AAAAIDeployKeyMaterialForTests\n-----END OPENSSH PRIVATE KEY-----";

    @TempDir
    Path tmp;

    static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(buf)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return buf.toByteArray();
    }

    @Test
    void sshKeyAndCloudsYamlArePrivateFilesDeletedOnClose() throws IOException {
        CallCredentials c = CallCredentials.none().withSshKey(KEY, null).withCloudsYaml("clouds:\n  mycloud:\n    auth: {password: pw-in-clouds-yaml}\n");
        Path keyFile;
        Path clouds;
        try (AgentCredentials a = AgentCredentials.materialise(c, tmp.resolve("ws@tmp"), Map.of("OS_CLOUD", "mycloud"))) {
            keyFile = a.sshKeyFile().orElseThrow();
            assertThat(keyFile).startsWith(tmp.resolve("ws@tmp"));
            assertThat(Files.readString(keyFile)).isEqualTo(KEY + "\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent()))).isEqualTo("rwx------");
            clouds = Path.of(a.environment().get("OS_CLIENT_CONFIG_FILE"));
            assertThat(Files.readString(clouds)).contains("pw-in-clouds-yaml");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(clouds))).isEqualTo("rw-------");
            assertThat(a.environment()).containsEntry("OS_CLOUD", "mycloud");
            assertThat(a.masker().mask("auth: {password: pw-in-clouds-yaml}")).doesNotContain("pw-in-clouds-yaml");
        }
        assertThat(keyFile).doesNotExist();
        assertThat(clouds).doesNotExist();
        assertThat(keyFile.getParent()).doesNotExist();
    }

    @Test
    void theKeyBecomesTheSpecsSshIdentity() throws IOException {
        Path spec = Files.writeString(tmp.resolve("p.yaml"), PlatformCallTest.SPEC);
        PlatformSpec loaded = SpecLoader.load(spec);
        try (AgentCredentials a = AgentCredentials.materialise(CallCredentials.none().withSshKey(KEY, ""), tmp, Map.of())) {
            PlatformSpec withKey = a.applyTo(loaded);
            assertThat(withKey.ssh().identity()).isEqualTo(a.sshKeyFile());
            assertThat(withKey.ssh().user()).isEqualTo(loaded.ssh().user());
            assertThat(withKey.hosts()).isEqualTo(loaded.hosts());
        }
        try (AgentCredentials none = AgentCredentials.materialise(CallCredentials.none(), tmp, Map.of())) {
            assertThat(none.applyTo(loaded)).isSameAs(loaded);
        }
    }

    @Test
    void aKeyWithAPassphraseIsRefusedAsBadInput() {
        assertThatThrownBy(() -> AgentCredentials.materialise(CallCredentials.none().withSshKey(KEY, "phrase"), tmp, Map.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("sshCredentialsId: a key with a passphrase")
                .hasMessageNotContaining("phrase\"");
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void usernamePasswordBecomeOsVariables() {
        try (AgentCredentials a = AgentCredentials.materialise(CallCredentials.none().withOpenStackPassword("ops", "pw1234"), tmp,
                Map.of("OS_AUTH_URL", "https://keystone.example.org:5000/v3"))) {
            PlatformOptions o = a.applyTo(PlatformOptions.defaults());
            assertThat(o.environment()).containsEntry("OS_USERNAME", "ops").containsEntry("OS_PASSWORD", "pw1234")
                    .containsEntry("OS_AUTH_URL", "https://keystone.example.org:5000/v3");
            assertThat(o.secrets()).isEmpty();
        }
    }

    @Test
    void secretsArchiveBecomesAReadOnlyStoreAndIsMasked() throws IOException {
        byte[] zip = zip(Map.of("production/ca.pem", "CA-PEM-TEXT-0123456789", "production/replication.password", "repl-pw-42",
                "production/.lock", ""));
        try (AgentCredentials a = AgentCredentials.materialise(CallCredentials.none().withSecrets("rolestack-production", zip), tmp, Map.of())) {
            SecretStore s = a.applyTo(PlatformOptions.defaults()).secrets().orElseThrow();
            assertThat(s.read("replication.password")).contains(new Secret("repl-pw-42"));
            assertThat(s.read("ca.pem")).contains(new Secret("CA-PEM-TEXT-0123456789"));
            assertThat(SecretsArchive.read("rolestack-production", zip)).containsOnlyKeys("ca.pem", "replication.password");
            assertThat(s.writable()).isFalse();
            assertThatThrownBy(() -> s.write("app.password", new Secret("x")))
                    .isInstanceOf(SecretStoreException.class).hasMessageContaining("Jenkins credential 'rolestack-production'")
                    .hasMessageContaining("app.password");
            assertThat(a.masker().mask("password repl-pw-42")).isEqualTo("password ****");
        }
        assertThat(tmp).as("nothing written for secrets").isEmptyDirectory();
    }

    @Test
    void aSecretsCredentialThatIsNoZipOrHasBadNamesIsRefusedByName() throws IOException {
        assertThatThrownBy(() -> SecretsArchive.read("creds", "just text".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("secretsCredentialsId 'creds': holds no secret");
        assertThatThrownBy(() -> SecretsArchive.read("creds", zip(Map.of("a/b c.pem", "v"))))
                .hasMessage("secretsCredentialsId 'creds': entry 'a/b c.pem' is not a secret name (letters, digits, . _ @ -)");
        assertThatThrownBy(() -> SecretsArchive.read("creds", zip(Map.of("a/ca.pem", "1", "b/ca.pem", "2"))))
                .hasMessage("secretsCredentialsId 'creds': 'ca.pem' is in it twice");
    }
}
