package io.rolestack.mariadb;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;
import io.rolestack.core.result.Status;
import io.rolestack.core.secrets.FileSecretStore;
import io.rolestack.core.secrets.InMemorySecretStore;
import io.rolestack.core.secrets.Secret;
import io.rolestack.core.secrets.SecretStore;
import io.rolestack.mariadb.tls.CaStore;
import io.rolestack.mariadb.tls.CaTrustException;
import io.rolestack.mariadb.tls.TrustCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CA trust check against two real MariaDB servers (masterdb1, db2): a first
 * run makes one CA; afterwards an empty store (a fresh Jenkins agent), a read-only
 * credential without the CA, or another store's CA is refused before anything on
 * the hosts changes; the right store, as files or as a filled credential, goes on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaTrustAgainstRealMariaDbIT {
    private LocalMariaDbServers dbs;
    private Path base;
    private final Map<String, LocalRemote> remotes = new ConcurrentHashMap<>();

    @BeforeAll
    void startServers() throws IOException {
        dbs = new LocalMariaDbServers(List.of("masterdb1", "db2"));
        base = Files.createTempDirectory("rolestack-trust-");
    }

    @AfterAll
    void stopServers() throws IOException {
        if (dbs != null) dbs.close();
        try (Stream<Path> walk = Files.walk(base)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private MariaDbCluster cluster(SecretStore store) {
        return new MariaDbCluster(new Inventory(dbs.hosts()), h -> remotes.computeIfAbsent(h.fqdn(), LocalRemote::new), dbs::layout,
                new CaStore(store, "test", Clock.systemUTC()), Progress.NONE).connectTimeout(Duration.ofSeconds(20));
    }

    private FileSecretStore files(String name) {
        return FileSecretStore.open(base.resolve(name));
    }

    @Test
    @Order(1)
    void aFirstRunWithAnEmptyStoreAndNoTrustedCaMakesOneCa() throws Exception {
        FileSecretStore store = files("original");
        MariaDbCluster cluster = cluster(store);
        assertThat(cluster.checkTrust().verdict()).isEqualTo(TrustCheck.Verdict.FIRST_RUN);

        RunSummary run = cluster.replicate();

        assertThat(run.anyFailed()).as(failures(run)).isFalse();
        String ca = TrustCheck.fingerprint(CaStore.of(store, "test").ca().certificate());
        for (var h : dbs.hosts()) {
            String bundle = Files.readString(Path.of(dbs.layout(h).caBundlePath()));
            assertThat(fingerprints(bundle)).as(h.shortName()).containsExactly(ca);
        }
        assertThat(cluster.checkTrust().verdict()).isEqualTo(TrustCheck.Verdict.OK);
    }

    @Test
    @Order(2)
    void aFreshEmptyStoreIsRefusedAndNothingOnTheHostsChanges() throws Exception {
        Map<String, String> before = hostFiles();
        String hostsCa = hostsCa();
        FileSecretStore fresh = files("fresh-agent");

        assertThatThrownBy(() -> cluster(fresh).replicate()).isInstanceOf(CaTrustException.class)
                .hasMessageContaining("refusing to create a new CA")
                .hasMessageContaining("file store " + fresh.dir() + " has no CA")
                .hasMessageContaining("masterdb1.test.wpdn").hasMessageContaining("db2.test.wpdn")
                .hasMessageContaining(hostsCa)
                .hasMessageContaining("copy the directory " + fresh.dir());

        assertThat(hostFiles()).isEqualTo(before);
        assertThat(fresh.read("ca.pem")).isEmpty();
        assertThat(fresh.read("replication.password")).isEmpty();

        // The same for a credential binding that was never filled.
        SecretStore credential = InMemorySecretStore.readOnly("Jenkins credential 'rolestack-test'",
                "upload the secrets directory to the Jenkins credential 'rolestack-test'", Map.of());
        assertThatThrownBy(() -> cluster(credential).rotateCa()).isInstanceOf(CaTrustException.class)
                .hasMessageContaining("Jenkins credential 'rolestack-test' has no CA")
                .hasMessageContaining("upload the secrets directory");
        assertThat(hostFiles()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void aDifferentStoreIsRefusedWithBothFingerprints() throws Exception {
        Map<String, String> before = hostFiles();
        FileSecretStore other = files("other-environment");
        String otherCa = TrustCheck.fingerprint(CaStore.of(other, "test").createCaIfAbsent().certificate());

        assertThatThrownBy(() -> cluster(other).replicate()).isInstanceOf(CaTrustException.class)
                .hasMessageContaining("refusing to use file store " + other.dir())
                .hasMessageContaining(otherCa)
                .hasMessageContaining(hostsCa())
                .hasMessageContaining("Restore the right one");

        assertThat(hostFiles()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void theRightStoreGoesOnAsFilesAndAsAFilledCredential() throws Exception {
        RunSummary again = cluster(files("original")).replicate();
        assertThat(again.results()).as(failures(again)).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(Status.OK));

        // What a Jenkins binding hands over: every secret of the original store, read-only.
        Map<String, Secret> all = new LinkedHashMap<>();
        try (Stream<Path> f = Files.list(base.resolve("original"))) {
            for (Path p : f.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                all.put(p.getFileName().toString(), new Secret(Files.readString(p)));
            }
        }
        SecretStore credential = InMemorySecretStore.readOnly("Jenkins credential 'rolestack-test'", "fill it", all);
        Map<String, String> before = hostFiles();
        RunSummary bound = cluster(credential).replicate();
        assertThat(bound.results()).as(failures(bound)).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(Status.OK));
        assertThat(hostFiles()).isEqualTo(before);
    }

    private String hostsCa() {
        return fingerprints(read(Path.of(dbs.layout(dbs.host("masterdb1")).caBundlePath()))).get(0);
    }

    private static List<String> fingerprints(String bundle) {
        return TrustCheck.certificates(bundle, "bundle").stream().map(TrustCheck::fingerprint).toList();
    }

    /** Every file the engine manages on the hosts: path -> mode, inode, mtime, content digest (a rewrite changes the inode). */
    private Map<String, String> hostFiles() throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (var h : dbs.hosts()) {
            Path dir = dbs.server(h.shortName()).dir();
            for (Path sub : List.of(dir.resolve("ssl"), dir.resolve("conf.d"), dir.resolve("my.cnf"))) {
                if (!Files.exists(sub)) continue;
                try (Stream<Path> walk = Files.walk(sub)) {
                    for (Path p : walk.filter(Files::isRegularFile).toList()) {
                        out.put(p.toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + " ino "
                                + Files.getAttribute(p, "unix:ino") + " " + Files.getLastModifiedTime(p) + " "
                                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                    }
                }
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String failures(RunSummary run) {
        return run.results().stream().filter(Result::failed).map(Result::toString).collect(Collectors.joining("\n"));
    }
}
