package io.rolestack.core.remote;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
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
}
