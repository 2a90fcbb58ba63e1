package io.rolestack.core.remote;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import java.security.KeyPairGenerator;
import java.security.PublicKey;

import static org.assertj.core.api.Assertions.assertThat;

class KnownHostsStoreTest {
    @TempDir
    Path tmp;

    @Test
    void aRefusalIsReportedOnceNotBlamedForLaterFailures() throws Exception {
        PublicKey key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        KnownHostsStore store = new KnownHostsStore(tmp.resolve("known_hosts"), false);

        assertThat(store.verifier().verify("app1.production.wpdn", 22, key)).isFalse();
        assertThat(store.takeRefusal("app1.production.wpdn")).contains("is not in known_hosts").contains("app1.production.wpdn");
        // Taken: a later connection failure of another kind (network, auth) is not reported as this refusal.
        assertThat(store.takeRefusal("app1.production.wpdn")).isNull();
    }

    @Test
    void trustOnFirstUsePinsTheKeyAndThenRefusesAnother() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        PublicKey first = g.generateKeyPair().getPublic();
        KnownHostsStore tofu = new KnownHostsStore(tmp.resolve("known_hosts"), true);
        assertThat(tofu.verifier().verify("db2.production.wpdn", 22, first)).isTrue();
        assertThat(tofu.takeRefusal("db2.production.wpdn")).isNull();

        KnownHostsStore strict = new KnownHostsStore(tmp.resolve("known_hosts"), false);
        assertThat(strict.verifier().verify("db2.production.wpdn", 22, first)).isTrue();
        assertThat(strict.verifier().verify("db2.production.wpdn", 22, g.generateKeyPair().getPublic())).isFalse();
        assertThat(strict.takeRefusal("db2.production.wpdn")).startsWith("HOST KEY MISMATCH for db2.production.wpdn");
    }

    static String line(PublicKey key) {
        return "ssh-ed25519 " + Base64.getEncoder().encodeToString(new Buffer.PlainBuffer().putPublicKey(key).getCompactData());
    }

    @Test
    void pinnedKeysAreAcceptedWithoutTofuUnderEveryNameAndAnotherKeyIsRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        PublicKey key = g.generateKeyPair().getPublic();
        Path file = tmp.resolve("known_hosts");
        Files.writeString(file, "other.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq1bXcfBv0wYlJ0dU5oQ2c4b0pXN3lQZ2VzcXR4\n"
                + "10.0.0.5,keep.example " + line(g.generateKeyPair().getPublic()) + "\n");
        KnownHostsStore strict = new KnownHostsStore(file, false);

        strict.pin(List.of("app1.production.wpdn", "app1", "10.0.0.5"), List.of(line(key) + " a comment"));

        for (String name : List.of("app1.production.wpdn", "app1", "10.0.0.5")) {
            assertThat(strict.verifier().verify(name, 22, key)).as(name).isTrue();
        }
        // The stale key of 10.0.0.5 went; the other name on that line stayed, as did the unrelated line.
        String text = Files.readString(file);
        assertThat(text).contains("other.example ssh-ed25519").contains("keep.example ssh-ed25519").doesNotContain("a comment");
        assertThat(text.lines().filter(l -> l.contains("10.0.0.5"))).hasSize(1);
        assertThat(strict.verifier().verify("app1", 22, g.generateKeyPair().getPublic())).isFalse();
        assertThat(strict.takeRefusal("app1")).startsWith("HOST KEY MISMATCH");
    }

    @Test
    void forgetRemovesPlainAndHashedEntriesOfTheNamesOnly() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        PublicKey key = g.generateKeyPair().getPublic();
        Path file = tmp.resolve("known_hosts");
        // |1|salt|hash of "db2" with salt 20 zero bytes, as ssh-keygen -H writes it
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        byte[] salt = new byte[20];
        mac.init(new javax.crypto.spec.SecretKeySpec(salt, "HmacSHA1"));
        String hashed = "|1|" + Base64.getEncoder().encodeToString(salt) + "|"
                + Base64.getEncoder().encodeToString(mac.doFinal("db2".getBytes())) ;
        Files.writeString(file, "app1,10.0.0.5,keep " + line(key) + "\n" + hashed + " " + line(key) + "\n@revoked * " + line(key) + "\n");
        KnownHostsStore store = new KnownHostsStore(file, false);

        assertThat(store.forget(List.of("app1", "10.0.0.5", "db2", "absent"))).isEqualTo(3);

        assertThat(Files.readString(file)).isEqualTo("keep " + line(key) + "\n@revoked * " + line(key) + "\n");
        assertThat(store.verifier().verify("app1", 22, key)).isFalse();
        assertThat(store.forget(List.of("app1"))).isZero();
        assertThatBadName(store);
    }

    private static void assertThatBadName(KnownHostsStore store) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.forget(List.of("a b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a b'");
    }
}
