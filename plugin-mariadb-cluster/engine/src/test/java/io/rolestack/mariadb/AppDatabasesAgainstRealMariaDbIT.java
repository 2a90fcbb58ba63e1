package io.rolestack.mariadb;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;
import io.rolestack.core.result.Status;
import io.rolestack.core.secrets.Secret;
import io.rolestack.mariadb.clients.AppAccount;
import io.rolestack.mariadb.clients.ClientFiles;
import io.rolestack.mariadb.tls.CaStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Apps' own databases (spec {@code apps[].database}) against a real MariaDB with TLS set up by the engine, on
 * 127.0.0.1: two apps on two pools (loopback addresses, the client binds its source address). App {@code my-wp}
 * (database {@code my_wp}, account {@code app_my_wp}, pool 127.0.0.1 + 127.0.0.3) and app {@code myxwp} (database
 * {@code myxwp}, pool 127.0.0.5): a name an unescaped {@code my_wp} grant would match. Each account works over
 * verified TLS from its pool only, on its database only; a second run changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AppDatabasesAgainstRealMariaDbIT {
    private static final Host WP1 = Host.of(HostName.parse("app1.test.wpdn"), "127.0.0.1");
    private static final Host WP2 = Host.of(HostName.parse("app2.test.wpdn"), "127.0.0.3");
    private static final Host OTHER = Host.of(HostName.parse("app-other1.test.wpdn"), "127.0.0.5");

    private final Map<String, LocalRemote> remotes = new ConcurrentHashMap<>();
    private LocalMariaDbServers dbs;
    private Path secretsDir;
    private Path etc;
    private CaStore store;
    private MariaDbCluster cluster;
    private AppAccount wp;
    private AppAccount other;
    private ClientFiles wpFiles;
    private ClientFiles otherFiles;

    @BeforeAll
    void start() throws Exception {
        dbs = new LocalMariaDbServers(List.of("masterdb1"));
        secretsDir = Files.createTempDirectory("rolestack-secrets-").resolve("test");
        etc = Files.createTempDirectory("rolestack-etc-");
        store = CaStore.open(secretsDir, "test", Clock.systemUTC());
        cluster = new MariaDbCluster(new Inventory(dbs.hosts()), h -> remotes.computeIfAbsent(h.fqdn(), LocalRemote::new),
                dbs::layout, store, null);
        RunSummary tls = cluster.replicate();
        assertThat(tls.anyFailed()).as(failures(tls)).isFalse();
        ClientFiles base = new ClientFiles(etc.resolve("rolestack").toString(), "www-data");
        wp = AppAccount.forApp("app_my_wp", "my_wp", store.appDatabasePassword("my-wp"));
        other = AppAccount.forApp("app_myxwp", "myxwp", store.appDatabasePassword("myxwp"));
        wpFiles = base.forApp("my-wp");
        otherFiles = base.forApp("myxwp");
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
    void eachAppGetsItsDatabaseAndOneTlsOnlyAccountPerAddressOfItsPool() throws Exception {
        RunSummary a = cluster.appClients(List.of(WP1, WP2), wp, wpFiles);
        RunSummary b = cluster.appClients(List.of(OTHER), other, otherFiles);
        assertThat(a.anyFailed()).as(failures(a)).isFalse();
        assertThat(b.anyFailed()).as(failures(b)).isFalse();
        assertThat(a.results().get(0).diff()).contains("+database my_wp", "+app_my_wp@127.0.0.1 REQUIRE SSL", "+app_my_wp@127.0.0.3 REQUIRE SSL");
        assertThat(dbs.sql("masterdb1", "SELECT CONCAT(User,'@',Host,' ',ssl_type) FROM mysql.user WHERE User LIKE 'app\\\\_%' ORDER BY User, Host"))
                .isEqualTo("app_my_wp@127.0.0.1 ANY\napp_my_wp@127.0.0.3 ANY\napp_myxwp@127.0.0.5 ANY");
        for (Result r : a.results()) {
            assertThat(r.toString() + r.message() + r.diff()).doesNotContain(wp.password().value());
        }
        String ini = Files.readString(Path.of(wpFiles.iniPath()));
        assertThat(wpFiles.iniPath()).endsWith("/db-app-my-wp.ini");
        assertThat(ini).contains("user = \"app_my_wp\"\ndatabase = \"my_wp\"\n").contains("ca = \"" + wpFiles.caPath() + "\"");
        assertThat(Files.readString(Path.of(wpFiles.caPath()))).isEqualTo(store.caBundlePem());
        assertThat(Path.of(etc.resolve("rolestack").toString(), ClientFiles.SHARED_INI)).as("the shared ini is not an app's").doesNotExist();
    }

    @Test
    @Order(2)
    void anAppsAccountWorksOverTlsFromItsPoolOnItsDatabaseOnly() throws Exception {
        try (Connection c = connect("127.0.0.3", "verify-full", wp, "my_wp"); Statement s = c.createStatement()) {
            assertThat(one(s, "SELECT CURRENT_USER()")).isEqualTo("app_my_wp@127.0.0.3");
            assertThat(one(s, "SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME='Ssl_cipher'")).isNotBlank();
            s.execute("CREATE TABLE posts (id INT PRIMARY KEY, title VARCHAR(40))");
            s.execute("INSERT INTO posts VALUES (1, 'hello')");
            assertThat(one(s, "SELECT title FROM my_wp.posts")).isEqualTo("hello");
            assertThat(databases(s)).containsExactlyInAnyOrder("my_wp", "information_schema");
            // Another app's database: not even one whose name my_wp matches as a GRANT pattern; nor the shared one.
            assertThatThrownBy(() -> s.execute("CREATE TABLE myxwp.t (id INT)")).isInstanceOf(SQLException.class).hasMessageContaining("denied");
            assertThatThrownBy(() -> s.execute("CREATE DATABASE myawp")).isInstanceOf(SQLException.class).hasMessageContaining("denied");
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM mysql.user")).isInstanceOf(SQLException.class).hasMessageContaining("denied");
        }
        assertThatThrownBy(() -> connect("127.0.0.3", "verify-full", wp, "myxwp").close()).isInstanceOf(SQLException.class)
                .hasMessageContaining("denied");
        try (Connection c = connect("127.0.0.5", "verify-full", other, "myxwp"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT)");
            assertThat(databases(s)).containsExactlyInAnyOrder("myxwp", "information_schema");
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM my_wp.posts")).isInstanceOf(SQLException.class).hasMessageContaining("denied");
        }
        // Without TLS: refused (REQUIRE SSL); from outside its pool (another app's address, or none's): refused.
        assertThatThrownBy(() -> connect("127.0.0.3", "disable", wp, "my_wp").close()).isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
        assertThatThrownBy(() -> connect("127.0.0.5", "verify-full", wp, "my_wp").close()).isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
        assertThatThrownBy(() -> connect("127.0.0.4", "verify-full", wp, "my_wp").close()).isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
    }

    @Test
    @Order(3)
    void aSecondRunChangesNothingAndThePasswordStaysTheStores() {
        AppAccount again = AppAccount.forApp("app_my_wp", "my_wp", CaStore.open(secretsDir, "test").appDatabasePassword("my-wp"));
        RunSummary a = cluster.appClients(List.of(WP1, WP2), again, wpFiles);
        RunSummary b = cluster.appClients(List.of(OTHER), other, otherFiles);
        assertThat(a.results()).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(Status.OK));
        assertThat(b.results()).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(Status.OK));
    }

    @Test
    @Order(4)
    void anAddressThatLeftThePoolLosesItsAccountOnlyForThatApp() throws Exception {
        RunSummary shrink = cluster.appClients(List.of(WP1), wp, wpFiles);
        assertThat(shrink.anyFailed()).as(failures(shrink)).isFalse();
        assertThat(shrink.results().get(0).message()).contains("dropped for [127.0.0.3]");
        assertThatThrownBy(() -> connect("127.0.0.3", "verify-full", wp, "my_wp").close()).isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
        assertThat(dbs.sql("masterdb1", "SELECT COUNT(*) FROM mysql.user WHERE User='app_myxwp'")).isEqualTo("1");
        assertThat(dbs.sql("masterdb1", "SELECT COUNT(*) FROM my_wp.posts")).as("data kept").isEqualTo("1");
    }

    private Connection connect(String from, String sslMode, AppAccount account, String database) throws SQLException {
        String url = "jdbc:mariadb://127.0.0.1:" + dbs.server("masterdb1").port() + "/" + database + "?sslMode=" + sslMode
                + "&serverSslCert=" + wpFiles.caPath() + "&localSocketAddress=" + from + "&connectTimeout=5000";
        return DriverManager.getConnection(url, account.user(), account.password().value());
    }

    private static List<String> databases(Statement s) throws SQLException {
        List<String> seen = new ArrayList<>();
        try (ResultSet r = s.executeQuery("SHOW DATABASES")) {
            while (r.next()) seen.add(r.getString(1));
        }
        return seen;
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
