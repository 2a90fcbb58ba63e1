package io.rolestack.core.secrets;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemorySecretStoreTest {
    private static final String RESTORE = "add it to the Jenkins credential 'rolestack-production'";

    @Test
    void aReadOnlyStoreHandsOutWhatItWasGivenAndRefusesToCreateTheRest() {
        SecretStore store = InMemorySecretStore.readOnly("Jenkins credential 'rolestack-production'", RESTORE,
                Map.of("ca.pem", new Secret("CA PEM")));

        assertThat(store.read("ca.pem")).contains(new Secret("CA PEM"));
        assertThat(store.createIfAbsent("ca.pem", () -> { throw new AssertionError("created"); })).isEqualTo(new Secret("CA PEM"));
        assertThat(store.writable()).isFalse();

        assertThatThrownBy(() -> store.createIfAbsent("replication.password", () -> new Secret("generated-pw")))
                .isInstanceOf(SecretStoreException.class)
                .hasMessageContaining("Jenkins credential 'rolestack-production' is read-only and has no secret 'replication.password'")
                .hasMessageContaining(RESTORE)
                .hasMessageNotContaining("generated-pw");
        assertThatThrownBy(() -> store.write("ca.pem", new Secret("other CA")))
                .hasMessageContaining("cannot replace secret 'ca.pem'").hasMessageNotContaining("other CA");
        assertThatThrownBy(() -> store.delete("ca.pem")).hasMessageContaining("read-only");
        assertThat(store.read("replication.password")).isEmpty();
    }

    @Test
    void aWritableStoreKeepsWhatIsWritten() {
        SecretStore store = InMemorySecretStore.writable("test store", Map.of());
        assertThat(store.createIfAbsent("pw", () -> new Secret("1"))).isEqualTo(new Secret("1"));
        assertThat(store.createIfAbsent("pw", () -> new Secret("2"))).isEqualTo(new Secret("1"));
        store.delete("pw");
        assertThat(store.read("pw")).isEmpty();
        assertThat(store.describe()).isEqualTo("test store");
    }

    @Test
    void refusesBadNamesAndNoDescription() {
        assertThatThrownBy(() -> InMemorySecretStore.readOnly("x", RESTORE, Map.of("../ca.pem", new Secret("v"))))
                .hasMessageContaining("bad secret name '../ca.pem'");
        assertThatThrownBy(() -> InMemorySecretStore.writable(" ", Map.of())).hasMessageContaining("description");
    }
}
