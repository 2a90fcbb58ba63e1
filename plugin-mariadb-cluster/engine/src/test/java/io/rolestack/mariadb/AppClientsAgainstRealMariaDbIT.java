package io.rolestack.mariadb;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;
import io.rolestack.core.result.Status;
import io.rolestack.core.wait.Wait;
import io.rolestack.mariadb.clients.AppAccount;
import io.rolestack.mariadb.clients.ClientFiles;
import io.rolestack.mariadb.tls.CaStore;
import io.rolestack.core.secrets.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The app tier's database access against a real MariaDB (TLS set up by the engine) on
 * 127.0.0.1: app hosts are loopback addresses (the client binds its source address), so
 * "granted to the app pool's addresses only" is tested for real. Client files go to a temp
 * directory instead of /etc/rolestack. In order: one server per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AppClientsAgainstRealMariaDbIT {
    private static final Host APP1 = Host.of(HostName.parse("app1.test.wpdn"), "127.0.0.1");
    private static final Host APP2 = Host.of(HostName.parse("app2.test.wpdn"), "127.0.0.3");
    private static final String NOT_APP = "127.0.0.4";

    private final Secret password = new Secret("pw-'\"$x\\;" + UUID.randomUUID());
    private final AppAccount account = AppAccount.of(password);
    private final Map<String, LocalRemote> remotes = new ConcurrentHashMap<>();
    private LocalMariaDbServers dbs;
    private Path secretsDir;
    private Path etc;
    private ClientFiles files;
    private MariaDbCluster cluster;

    @BeforeAll
    void start() throws Exception {
        dbs = new LocalMariaDbServers(List.of("masterdb1"));
        secretsDir = Files.createTempDirectory("rolestack-secrets-").resolve("test");
        etc = Files.createTempDirectory("rolestack-etc-");
        files = new ClientFiles(etc.resolve("rolestack").toString(), "www-data");
        cluster = new MariaDbCluster(new Inventory(dbs.hosts()), h -> remotes.computeIfAbsent(h.fqdn(), LocalRemote::new),
                dbs::layout, CaStore.open(secretsDir, "test", Clock.systemUTC()), null);
        RunSummary tls = cluster.replicate();
        assertThat(tls.anyFailed()).as(failures(tls)).isFalse();
    }

    @AfterAll
    void stop() throws Exception {
        if (dbs != null) dbs.close();
        for (Path p : List.of(secretsDir.getParent(), etc)) {
            try (var walk = Files.walk(p)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void firstRunCreatesOneTlsOnlyAccountPerAppAddressAndWritesTheClientFiles() throws Exception {
        RunSummary run = cluster.appClients(List.of(APP1, APP2), account, files);

        assertThat(run.anyFailed()).as(failures(run)).isFalse();
        Result acc = run.results().get(0);
        assertThat(acc.operation()).isEqualTo("app db account");
        assertThat(acc.status()).isEqualTo(Status.CHANGED);
        assertThat(acc.diff()).contains("+database app", "+rolestack_app@127.0.0.1 REQUIRE SSL", "+rolestack_app@127.0.0.3 REQUIRE SSL");
        String hash = dbs.sql("masterdb1", "SELECT authentication_string FROM mysql.user WHERE User='rolestack_app' LIMIT 1");
        for (Result r : run.results()) {
            assertThat(r.toString() + r.message() + r.diff()).doesNotContain(password.value()).doesNotContain(hash);
        }
        assertThat(dbs.sql("masterdb1", "SELECT Host, ssl_type FROM mysql.user WHERE User='rolestack_app' ORDER BY Host"))
                .isEqualTo("127.0.0.1\tANY\n127.0.0.3\tANY");
        assertThat(dbs.sql("masterdb1", "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME='app'")).isEqualTo("1");

        // Files on each app host (here both in one directory): the primary, a readable-by-PHP ini, the CA bundle.
        Path ini = Path.of(files.iniPath());
        String text = Files.readString(ini);
        assertThat(text).contains("[database]\nhost = \"127.0.0.1\"\nhost_name = \"masterdb1.test.wpdn\"\nport = " + dbs.server("masterdb1").port() + "\n")
                .contains("user = \"rolestack_app\"\ndatabase = \"app\"\n")
                .contains("password_base64 = \"" + java.util.Base64.getEncoder().encodeToString(password.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\"")
                .contains("ca = \"" + files.caPath() + "\"");
        PosixFileAttributes a = Files.readAttributes(ini, PosixFileAttributes.class);
        assertThat(a.owner().getName()).isEqualTo("root");
        assertThat(a.group().getName()).isEqualTo("www-data");
        assertThat(PosixFilePermissions.toString(a.permissions())).isEqualTo("rw-r-----");
        assertThat(Files.readString(Path.of(files.caPath()))).isEqualTo(CaStore.open(secretsDir, "test").caBundlePem());
        assertThat(run.results()).filteredOn(r -> r.operation().contains("db-app.ini"))
                .allSatisfy(r -> assertThat(r.diff()).doesNotContain("password_base64"));
    }

    @Test
    @Order(2)
    void theAccountConnectsOnlyOverVerifiedTlsFromAnAppAddressAndOnlyToItsDatabase() throws Exception {
        try (Connection c = connect("127.0.0.3", "verify-full"); Statement s = c.createStatement()) {
            assertThat(one(s, "SELECT CURRENT_USER()")).isEqualTo("rolestack_app@127.0.0.3");
            assertThat(one(s, "SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME='Ssl_cipher'")).isNotBlank();
            s.execute("CREATE TABLE app.visits (id INT PRIMARY KEY)");
            s.execute("INSERT INTO app.visits VALUES (1)");
            assertThat(one(s, "SELECT COUNT(*) FROM app.visits")).isEqualTo("1");
            List<String> dbsSeen = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SHOW DATABASES")) {
                while (r.next()) dbsSeen.add(r.getString(1));
            }
            assertThat(dbsSeen).containsExactlyInAnyOrder("app", "information_schema");
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM mysql.user")).isInstanceOf(SQLException.class).hasMessageContaining("denied");
            assertThatThrownBy(() -> s.execute("CREATE DATABASE other")).isInstanceOf(SQLException.class).hasMessageContaining("denied");
        }
        // Without TLS the same account from the same address is refused (REQUIRE SSL) ...
        assertThatThrownBy(() -> connect("127.0.0.3", "disable").close()).isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
        // ... and so is any address that is not an app host's.
        assertThatThrownBy(() -> connect(NOT_APP, "verify-full").close()).isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
    }

    @Test
    @Order(3)
    void secondRunChangesNothing() {
        RunSummary again = cluster.appClients(List.of(APP1, APP2), account, files);
        assertThat(again.anyFailed()).as(failures(again)).isFalse();
        assertThat(again.results()).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(Status.OK));
    }

    @Test
    @Order(4)
    void anAddressThatLeftTheAppPoolLosesItsAccountAndANewPasswordIsApplied() throws Exception {
        RunSummary shrink = cluster.appClients(List.of(APP1), account, files);
        assertThat(shrink.anyFailed()).as(failures(shrink)).isFalse();
        assertThat(shrink.results().get(0).message()).contains("dropped for [127.0.0.3]");
        assertThat(dbs.sql("masterdb1", "SELECT Host FROM mysql.user WHERE User='rolestack_app'")).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> connect("127.0.0.3", "verify-full").close()).isInstanceOf(SQLException.class).hasMessageContaining("Access denied");

        AppAccount rotated = AppAccount.of(new Secret("rotated-" + UUID.randomUUID()));
        RunSummary rot = cluster.appClients(List.of(APP1), rotated, files);
        assertThat(rot.anyFailed()).as(failures(rot)).isFalse();
        assertThat(rot.results().get(0).message()).contains("updated for [127.0.0.1]");
        assertThat(rot.results()).filteredOn(r -> r.operation().contains("db-app.ini")).extracting(Result::status).containsExactly(Status.CHANGED);
        RunSummary back = cluster.appClients(List.of(APP1), account, files);
        assertThat(back.anyFailed()).as(failures(back)).isFalse();
        assertThat(cluster.appClients(List.of(APP1), account, files).results()).allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.OK));
    }

    @Test
    @Order(5)
    void theAppHealthPageAnswersOkThroughRealMemcachedAndTheDbOverVerifiedTls() throws Exception {
        Path page = Path.of("../../plugin-role-deploy/engine/src/main/resources/roles/app/templates/rolestack-health.php.peb");
        // A missing tool fails the test, never skips it: scripts/prerequisites.sh installs them.
        assertThat(Files.isExecutable(Path.of("/usr/bin/php")) && Files.isExecutable(Path.of("/usr/bin/memcached")) && Files.exists(page))
                .as("php-cli and memcached installed (scripts/prerequisites.sh), page at " + page).isTrue();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Process memcached = new ProcessBuilder("/usr/bin/memcached", "-l", "127.0.0.1", "-p", String.valueOf(port), "-U", "0", "-u", "nobody", "-m", "16")
                .redirectErrorStream(true).start();
        try {
            Files.writeString(Path.of(files.dir(), "services.ini"), "[memcache]\nservers = \"127.0.0.1:" + port + "\"\n");
            // memcached answers once it listens: wait for the page's first "ok", the last answer is the error
            String[] last = {""};
            String ok = Wait.upTo(Duration.ofSeconds(10)).every(Duration.ofMillis(100)).forValue(() -> {
                String[] r = php(page);
                last[0] = r[1];
                return r[0].equals("0") ? Optional.of(r[1]) : Optional.empty();
            }, () -> new IllegalStateException("health page never answered ok: " + last[0]));
            assertThat(ok).startsWith("ok app=").contains(" memcached=127.0.0.1:" + port)
                    .contains(" db=").contains(" read_only=0 cipher=");
            // Files pointing nowhere: 500 (exit 1 here) naming the DB.
            String good = Files.readString(Path.of(files.iniPath()));
            Files.writeString(Path.of(files.iniPath()), good.replace("host = \"127.0.0.1\"", "host = \"127.0.0.4\""));
            String[] bad = php(page);
            assertThat(bad[0]).isEqualTo("1");
            assertThat(bad[1]).startsWith("failed app=").contains("db masterdb1.test.wpdn (127.0.0.4:");
            Files.writeString(Path.of(files.iniPath()), good);
        } finally {
            memcached.destroy();
            memcached.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Runs the page with php-cli: {exit code, output}. */
    private String[] php(Path page) {
        try {
            ProcessBuilder pb = new ProcessBuilder("/usr/bin/php", page.toString()).redirectErrorStream(true);
            pb.environment().put("ROLESTACK_ETC", files.dir());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return new String[] {String.valueOf(p.exitValue()), out};
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Connection connect(String from, String sslMode) throws SQLException {
        String url = "jdbc:mariadb://127.0.0.1:" + dbs.server("masterdb1").port() + "/app?sslMode=" + sslMode
                + "&serverSslCert=" + files.caPath() + "&localSocketAddress=" + from + "&connectTimeout=5000";
        return DriverManager.getConnection(url, "rolestack_app", password.value());
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    private static String failures(RunSummary run) {
        return run.results().stream().filter(Result::failed).map(Result::toString).collect(Collectors.joining("\n"));
    }
}
