package io.rolestack.mariadb.tls;

import io.rolestack.core.secrets.InMemorySecretStore;
import io.rolestack.core.secrets.Secret;
import io.rolestack.core.secrets.SecretStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaStoreTest {
    @TempDir
    Path tmp;

    @Test
    void createsCaAndSecretsOwnerOnly() throws Exception {
        Path dir = tmp.resolve("secrets/production");
        CaStore store = CaStore.open(dir, "production");
        store.createCaIfAbsent();
        store.serverCertificate("masterdb1.production.wpdn", List.of("masterdb1.production.wpdn"), List.of("10.0.0.5"));
        store.replicationPassword();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).isNotEmpty().allSatisfy(f ->
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------"));
        }
        assertThat(store.ca().certificate().getBasicConstraints()).isEqualTo(0);
        assertThat(store.ca().certificate().getSubjectX500Principal().getName()).contains("production");
    }

    @Test
    void refusesASecretsDirectoryOthersCanRead() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> CaStore.open(dir, "x")).isInstanceOf(SecretStoreException.class).hasMessageContaining("chmod 700 " + dir);
    }

    @Test
    void serverCertificateCarriesNamesAndIpAndIsReusedUntilTheyChange() throws Exception {
        CaStore store = CaStore.open(tmp.resolve("s"), "test");
        store.createCaIfAbsent();
        IssuedCertificate a = store.serverCertificate("db2.test.wpdn", List.of("db2.test.wpdn", "db2"), List.of("10.0.0.6"));
        X509Certificate c = a.certificate();
        c.verify(store.ca().certificate().getPublicKey());
        assertThat(c.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList()).containsExactlyInAnyOrder("db2.test.wpdn", "db2", "10.0.0.6");
        assertThat(c.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(a.privateKeyPem().value()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(a.privateKeyPem().toString()).doesNotContain("PRIVATE");

        IssuedCertificate again = CaStore.open(tmp.resolve("s"), "test")
                .serverCertificate("db2.test.wpdn", List.of("db2.test.wpdn", "db2"), List.of("10.0.0.6"));
        assertThat(again.certificatePem()).isEqualTo(a.certificatePem());

        IssuedCertificate moved = store.serverCertificate("db2.test.wpdn", List.of("db2.test.wpdn", "db2"), List.of("10.0.0.7"));
        assertThat(moved.certificatePem()).isNotEqualTo(a.certificatePem());
    }

    @Test
    void renewsLeavesNearExpiry() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        CaStore store = CaStore.open(tmp.resolve("s"), "test", Clock.fixed(now, ZoneOffset.UTC));
        store.createCaIfAbsent();
        String first = store.clientCertificate("repl").certificatePem();
        Instant later = now.plus(CertificateAuthority.LEAF_VALIDITY).minus(Duration.ofDays(10));
        String renewed = CaStore.open(tmp.resolve("s"), "test", Clock.fixed(later, ZoneOffset.UTC)).clientCertificate("repl").certificatePem();
        assertThat(renewed).isNotEqualTo(first);
    }

    @Test
    void rotationKeepsTheOldCaTrustedUntilRetired() throws Exception {
        CaStore store = CaStore.open(tmp.resolve("s"), "test");
        store.createCaIfAbsent();
        X509Certificate oldLeaf = store.clientCertificate("repl").certificate();
        X509Certificate oldCa = store.ca().certificate();

        store.rotateCa();
        X509Certificate newLeaf = store.clientCertificate("repl").certificate();

        assertThat(newLeaf).isNotEqualTo(oldLeaf);
        assertThat(store.ca().signed(newLeaf)).isTrue();
        assertThat(store.ca().signed(oldLeaf)).isFalse();
        List<X509Certificate> trusted = store.trustedCas();
        assertThat(trusted).hasSize(2).contains(oldCa, store.ca().certificate());
        assertThat(trusted.stream().anyMatch(ca -> verifies(oldLeaf, ca))).isTrue();
        assertThat(trusted.stream().anyMatch(ca -> verifies(newLeaf, ca))).isTrue();

        store.retireOldCas();
        assertThat(store.trustedCas()).containsExactly(store.ca().certificate());
    }

    @Test
    void aStoreInterruptedBetweenItsWritesIsRepairedFromCaPem() throws Exception {
        Path dir = tmp.resolve("s");
        CaStore first = CaStore.open(dir, "test");
        X509Certificate ca = first.createCaIfAbsent().certificate();
        // Interrupted right after ca.pem: neither the bundle nor ca.crt were written.
        Files.delete(dir.resolve("ca-bundle.crt"));
        Files.delete(dir.resolve("ca.crt"));

        CaStore again = CaStore.open(dir, "test");
        assertThat(again.ca().certificate()).isEqualTo(ca);
        assertThat(again.trustedCas()).containsExactly(ca);
        assertThat(Files.readString(dir.resolve("ca.crt"))).isEqualTo(again.ca().certificatePem());
        assertThat(verifies(again.clientCertificate("repl").certificate(), ca)).isTrue();

        // A rotation interrupted after ca.pem (the bundle already trusts the new CA): leaves verify against the bundle.
        again.rotateCa();
        Files.writeString(dir.resolve("ca.crt"), Pem.certificate(ca)); // ca.crt not yet updated
        CaStore third = CaStore.open(dir, "test");
        X509Certificate leaf = third.clientCertificate("repl").certificate();
        assertThat(third.trustedCas().stream().anyMatch(c -> verifies(leaf, c))).isTrue();
        assertThat(Files.readString(dir.resolve("ca.crt"))).isEqualTo(third.ca().certificatePem());
    }

    @Test
    void aStoreWithSeparateKeyAndCertificateKeepsItsCa() throws Exception {
        Path dir = tmp.resolve("s");
        CaStore first = CaStore.open(dir, "test");
        X509Certificate ca = first.createCaIfAbsent().certificate();
        String pem = Files.readString(dir.resolve("ca.pem"));
        int k = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        // The layout before ca.pem: ca.key and ca.crt.
        Files.writeString(dir.resolve("ca.key"), pem.substring(k));
        Files.delete(dir.resolve("ca.pem"));

        CaStore migrated = CaStore.open(dir, "test");
        assertThat(migrated.ca().certificate()).isEqualTo(ca);
        assertThat(dir.resolve("ca.pem")).exists();
        assertThat(dir.resolve("ca.key")).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.pem")))).isEqualTo("rw-------");
    }

    @Test
    void replicationPasswordIsStableAndNeverPrinted() {
        CaStore store = CaStore.open(tmp.resolve("s"), "test");
        Secret p = store.replicationPassword();
        assertThat(p.value()).hasSize(32).matches("[A-Za-z0-9]+");
        assertThat(CaStore.open(tmp.resolve("s"), "test").replicationPassword()).isEqualTo(p);
        assertThat(p.toString()).doesNotContain(p.value());
    }

    @Test
    void eachAppDatabaseHasItsOwnStablePasswordAndAReadOnlyStoreMustHoldIt() {
        CaStore store = CaStore.open(tmp.resolve("s"), "test");
        Secret wp = store.appDatabasePassword("my-wp");
        assertThat(wp.value()).hasSize(32).matches("[A-Za-z0-9]+");
        assertThat(store.store().read("app-db-my-wp.password").map(s -> s.value().strip())).contains(wp.value());
        assertThat(CaStore.open(tmp.resolve("s"), "test").appDatabasePassword("my-wp")).isEqualTo(wp);
        assertThat(store.appDatabasePassword("blog")).isNotEqualTo(wp);
        assertThat(store.appPassword()).isNotEqualTo(wp);
        assertThatThrownBy(() -> store.appDatabasePassword("../x")).hasMessageContaining("not an app name");
        CaStore bound = CaStore.of(InMemorySecretStore.readOnly("Jenkins credential 'db-test'", "fill the credential",
                java.util.Map.of()), "test");
        assertThatThrownBy(() -> bound.appDatabasePassword("my-wp")).hasMessageContaining("has no secret 'app-db-my-wp.password'");
    }

    @Test
    void neverMakesACaOnTheSideAndMakesOneOnlyOnce() throws Exception {
        Path dir = tmp.resolve("s");
        CaStore store = CaStore.open(dir, "test");
        assertThat(store.existingCa()).isEmpty();
        assertThat(store.knownCas()).isEmpty();
        assertThatThrownBy(store::ca).isInstanceOf(TlsException.class).hasMessageContaining("file store " + dir.toRealPath() + " has no CA");
        assertThatThrownBy(() -> store.clientCertificate("repl")).hasMessageContaining("has no CA");
        assertThat(dir.resolve("ca.pem")).doesNotExist();

        X509Certificate ca = store.createCaIfAbsent().certificate();
        assertThat(CaStore.open(dir, "test").createCaIfAbsent().certificate()).isEqualTo(ca);
        assertThat(store.knownCas()).containsExactly(ca);
    }

    @Test
    void twoFirstRunsAtOnceMakeOneCa() throws Exception {
        Path dir = tmp.resolve("s");
        CaStore a = CaStore.open(dir, "test");
        CaStore b = CaStore.open(dir, "test");
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var fa = pool.submit(() -> { start.await(); return a.createCaIfAbsent().certificate(); });
            var fb = pool.submit(() -> { start.await(); return b.createCaIfAbsent().certificate(); });
            start.countDown();
            X509Certificate ca = fa.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(fb.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(ca);
            assertThat(CaStore.open(dir, "test").trustedCas()).containsExactly(ca);
            assertThat(a.replicationPassword()).isEqualTo(b.replicationPassword());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReadOnlyStoreMustHoldTheCaAndPasswordAndKeepsDerivedValuesForTheRun() throws Exception {
        CaStore file = CaStore.open(tmp.resolve("s"), "test");
        X509Certificate ca = file.createCaIfAbsent().certificate();
        Secret caPem = file.store().read("ca.pem").orElseThrow();

        CaStore empty = CaStore.of(InMemorySecretStore.readOnly("Jenkins credential 'db-test'", "fill the credential", java.util.Map.of()), "test");
        assertThatThrownBy(empty::createCaIfAbsent).hasMessageContaining("Jenkins credential 'db-test' is read-only and has no secret 'ca.pem'");

        CaStore bound = CaStore.of(InMemorySecretStore.readOnly("Jenkins credential 'db-test'", "fill the credential",
                java.util.Map.of("ca.pem", caPem)), "test");
        assertThat(bound.ca().certificate()).isEqualTo(ca);
        assertThat(bound.trustedCas()).containsExactly(ca);
        IssuedCertificate leaf = bound.clientCertificate("repl");
        assertThat(bound.clientCertificate("repl").certificatePem()).isEqualTo(leaf.certificatePem());
        assertThatThrownBy(bound::replicationPassword).hasMessageContaining("has no secret 'replication.password'");
        assertThatThrownBy(bound::rotateCa).hasMessageContaining("read-only");
    }

    private static boolean verifies(X509Certificate leaf, X509Certificate ca) {
        try {
            leaf.verify(ca.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
