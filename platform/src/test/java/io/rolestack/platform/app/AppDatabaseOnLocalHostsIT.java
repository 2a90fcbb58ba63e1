package io.rolestack.platform.app;

import io.rolestack.app.deploy.AppOutcome;
import io.rolestack.core.events.Progress;
import io.rolestack.core.remote.Shell;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.Status;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.core.testing.StepChain;
import io.rolestack.platform.Platform;
import io.rolestack.platform.PlatformOptions;
import io.rolestack.platform.db.SwitchoverRequest;
import io.rolestack.platform.deploy.DeployOutcome;
import io.rolestack.platform.exec.ExecOutcome;
import io.rolestack.platform.exec.ExecRequest;
import io.rolestack.platform.provider.Providers;
import io.rolestack.role.plan.Limit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app with {@code database: true} on real local hosts (root): masterdb1 + db2 (replicating over TLS), app1
 * behind frontend1. The platform is applied from a spec where the app has no database yet; {@code app deploy} with
 * {@code database: true} makes the database, the account and the ini before it ships (no re-apply). Its PHP page,
 * through the frontend, reads {@code app.database.iniPath} from its rendered config, then the ini, and writes and
 * reads a row over verified TLS as its own account; without TLS, or on another database, it is refused. After
 * {@code db switchover --to db2} the ini names db2, the same release writes the next row there and finds the first;
 * redeploys and re-applies change nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepChain.class)
class AppDatabaseOnLocalHostsIT {
    static final String SITE = "shop.appdbit.wpdn";
    static final String INI = "/etc/rolestack/db-app-my-shop.ini";
    @TempDir
    static Path tmp;
    static PlatformSpec withoutDatabase;
    static PlatformSpec spec;
    static Path repo;
    static final List<String> events = Collections.synchronizedList(new ArrayList<>());
    static String release;

    /** The page: connects as the ini says (TLS, CA-verified), adds a row with ?note=, lists the notes. */
    static final String INDEX = """
            <?php
            header('Content-Type: text/plain');
            $cfg = include __DIR__ . '/config.php';
            $db = parse_ini_file($cfg['ini'], true)['database'];
            mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
            function connect($db, $tls) {
                $c = mysqli_init();
                $c->options(MYSQLI_OPT_CONNECT_TIMEOUT, 3);
                if ($tls) {
                    $c->options(MYSQLI_OPT_SSL_VERIFY_SERVER_CERT, true);
                    $c->ssl_set(null, null, $db['ca'], null, null);
                }
                $c->real_connect($db['host'], $db['user'], base64_decode($db['password_base64'], true), $db['database'],
                    (int) $db['port'], null, $tls ? MYSQLI_CLIENT_SSL : 0);
                return $c;
            }
            $c = connect($db, true);
            $c->query('CREATE TABLE IF NOT EXISTS notes (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(64))');
            if (isset($_GET['note'])) {
                $s = $c->prepare('INSERT INTO notes (note) VALUES (?)');
                $s->bind_param('s', $_GET['note']);
                $s->execute();
            }
            $row = $c->query("SELECT @@hostname AS h, CURRENT_USER() AS u, DATABASE() AS d, COUNT(*) AS n, GROUP_CONCAT(note ORDER BY id) AS notes FROM notes")->fetch_assoc();
            $cipher = $c->query("SHOW STATUS LIKE 'Ssl_cipher'")->fetch_assoc()['Value'] ?? '';
            // Error codes: 1142 = table access denied, 1044 = database access denied, 1045 = login refused;
            // myxshop: a name an unescaped GRANT on my_shop (_ = any character) would let it create.
            $other = [];
            foreach (['CREATE TABLE app.t (id INT)', 'SELECT COUNT(*) FROM mysql.user', 'CREATE DATABASE myxshop'] as $q) {
                try { $c->query($q); $other[] = 'allowed'; } catch (mysqli_sql_exception $e) { $other[] = $e->getCode(); }
            }
            $plain = 'connected';
            try { connect($db, false)->close(); } catch (mysqli_sql_exception $e) { $plain = $e->getCode(); }
            echo 'db=', explode('.', $row['h'])[0], " user={$row['u']} database={$row['d']} rows={$row['n']} notes={$row['notes']} tls=",
                $cipher === '' ? 'none' : 'yes', ' other=', implode(',', $other), " plain=$plain\\n";
            """;

    @BeforeAll
    static void writeSpecAndRepo() throws Exception {
        repo = tmp.resolve("shop");
        try (Git g = Git.init().setDirectory(repo.toFile()).setInitialBranch("master").call()) {
            for (Map.Entry<String, String> f : Map.of(
                    "index.php", INDEX,
                    "health.php", "<?php echo \"ok\\n\";\n",
                    "config.php.peb", "<?php return ['ini' => '{{ app.database.iniPath }}', 'name' => '{{ app.database.name }}',"
                            + " 'user' => '{{ app.database.user }}'];\n").entrySet()) {
                Files.writeString(repo.resolve(f.getKey()), f.getValue());
                g.add().addFilepattern(f.getKey()).call();
            }
            PersonIdent who = new PersonIdent("Test", "test@example.org");
            g.commit().setMessage("shop").setAuthor(who).setCommitter(who).call();
        }
        String yaml = """
                environment: appdbit
                domain: wpdn
                provider:
                  type: local
                  stateDir: %s
                jump: jump.appdbit.wpdn
                hosts: [masterdb1, db2, app1, frontend1]
                database: { primary: masterdb1, replicas: [db2] }
                apps:
                  - name: my-shop
                    repo: %s
                    health: /health.php
                    hostnames: [%s]
                    configs: [{ template: config.php.peb, dest: config.php }]
                """.formatted(tmp.resolve("state"), repo.toUri(), SITE);
        Path file = tmp.resolve("platform.yaml");
        Files.writeString(file, yaml + "    database: true\n");
        spec = SpecLoader.load(file);
        withoutDatabase = SpecLoader.parse(file, yaml);
    }

    @AfterAll
    static void down() {
        if (spec != null) assertThat(Providers.local(spec).down(spec.environment(), Progress.NONE).failed()).isFalse();
    }

    static PlatformOptions options() {
        return PlatformOptions.defaults().withSecrets(tmp.resolve("secrets"))
                .withProgress((host, message) -> events.add(host + ": " + message));
    }

    static AppOutcome deploy() {
        events.clear();
        AppReport r = Platform.open(spec, options()).appDeploy(AppRequest.of("my-shop").withHealthTimeout(java.time.Duration.ofSeconds(20)));
        assertThat(r.apps()).hasSize(1);
        return r.apps().get(0);
    }

    static String describe(AppOutcome o) {
        return o.status() + " " + o.release() + ": " + o.message() + "\n" + o.results().stream()
                .map(r -> r.host() + " " + r.operation() + " " + r.status() + " " + r.message()).collect(Collectors.joining("\n"))
                + "\nevents:\n" + String.join("\n", events);
    }

    /** GET through frontend1 from the jump host with the app's host name: "STATUS BODY". */
    static String get(String path) {
        String ip = Platform.open(spec, options()).listVms().host("frontend1").orElseThrow().privateIp();
        String py = "import http.client\n"
                + "c = http.client.HTTPConnection('" + ip + "', 80, timeout=20)\n"
                + "c.request('GET', '" + path + "', headers={'Host': '" + SITE + "'})\n"
                + "r = c.getresponse(); print(r.status, r.read().decode().strip())\n";
        ExecOutcome o = Platform.open(spec, options().withLimit(Limit.parse("jump")))
                .exec(ExecRequest.of("python3 -c " + Shell.quote(py)));
        assertThat(o.exitCode()).as(o.hosts().toString()).isZero();
        return o.hosts().get(0).stdout().strip();
    }

    static String on(String host, String command) {
        ExecOutcome o = Platform.open(spec, options().withLimit(Limit.parse(host))).exec(ExecRequest.of(command).withRoot(true));
        assertThat(o.exitCode()).as(host + ": " + command + " -> " + o.hosts()).isZero();
        return o.hosts().get(0).stdout().strip();
    }

    static String ip(String host) {
        return Platform.open(spec, options()).listVms().host(host).orElseThrow().privateIp();
    }

    static String failures(List<Result> results) {
        return results.stream().filter(r -> r.status() == Status.FAILED)
                .map(x -> x.host() + " " + x.operation() + ": " + x.message()).collect(Collectors.joining("\n"));
    }

    static List<Result> appDbResults(List<Result> results) {
        return results.stream().filter(r -> r.message().contains("app_my_shop") || r.operation().contains("db-app-my-shop.ini")).toList();
    }

    @Test
    @Order(1)
    void applyBuildsThePlatformWithoutTheAppsDatabase() {
        DeployOutcome applied = Platform.open(withoutDatabase, options()).apply();
        assertThat(applied.summary().anyFailed()).as(failures(applied.summary().results())).isFalse();
        assertThat(on("masterdb1", "mariadb -N -e \"SELECT COUNT(*) FROM mysql.user WHERE user='app_my_shop'\"")).isEqualTo("0");
        assertThat(on("app1", "test -e " + INI + " && echo present || echo absent")).isEqualTo("absent");
    }

    @Test
    @Order(2)
    void appDeployMakesTheDatabaseAccountAndIniBeforeItShips() throws Exception {
        AppOutcome o = deploy();
        assertThat(o.status()).as(describe(o)).isEqualTo(AppOutcome.Status.DEPLOYED);
        release = o.release();
        assertThat(appDbResults(o.results())).as(describe(o)).extracting(Result::status).contains(Status.CHANGED);
        assertThat(on("masterdb1", "mariadb -N -e \"SELECT CONCAT(user,'@',host,' ',ssl_type) FROM mysql.user WHERE user='app_my_shop'\""))
                .isEqualTo("app_my_shop@" + ip("app1") + " ANY");
        assertThat(on("masterdb1", "mariadb -N -r -e \"SHOW GRANTS FOR 'app_my_shop'@'" + ip("app1") + "'\""))
                .contains("GRANT ALL PRIVILEGES ON `my\\_shop`.* TO `app_my_shop`@");
        assertThat(on("app1", "stat -c '%a %U %G' " + INI)).isEqualTo("640 root www-data");
        assertThat(on("app1", "grep -E '^(host|user|database) ' " + INI))
                .isEqualTo("host = \"" + ip("masterdb1") + "\"\nuser = \"app_my_shop\"\ndatabase = \"my_shop\"");
        assertThat(on("frontend1", "test -e " + INI + " && echo present || echo absent")).as("the ini stays on the app pool").isEqualTo("absent");
        // The release names the ini, never the password: it is archived on this machine.
        assertThat(on("app1", "cat /var/www/apps/my-shop/current/config.php"))
                .isEqualTo("<?php return ['ini' => '" + INI + "', 'name' => 'my_shop', 'user' => 'app_my_shop'];");
        String password = Files.readString(tmp.resolve("secrets").resolve("app-db-my-shop.password")).strip();
        assertThat(password).hasSize(32);
        try (Stream<Path> archives = Files.walk(tmp.resolve("state"))) {
            for (Path a : archives.filter(p -> p.toString().endsWith(".tar.gz")).toList()) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(a))) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).as(a.toString()).doesNotContain(password);
                }
            }
        }
        assertThat(String.join("\n", events)).doesNotContain(password);
    }

    @Test
    @Order(3)
    void thePageWritesAndReadsARowOverTlsAsItsOwnAccountOnItsDatabaseOnly() {
        assertThat(get("/index.php?note=first")).isEqualTo("200 db=masterdb1 user=app_my_shop@" + ip("app1")
                + " database=my_shop rows=1 notes=first tls=yes other=1142,1142,1044 plain=1045");
    }

    @Test
    @Order(4)
    void aSecondDeployAndApplyChangeNothing() {
        AppOutcome o = deploy();
        assertThat(o.status()).as(describe(o)).isEqualTo(AppOutcome.Status.UNCHANGED);
        assertThat(o.results()).as(describe(o)).noneMatch(Result::changed);
        DeployOutcome applied = Platform.open(spec, options()).apply();
        assertThat(applied.summary().anyFailed()).as(failures(applied.summary().results())).isFalse();
        List<Result> db = appDbResults(applied.summary().results());
        assertThat(db).as("apply's database stage knows the app").isNotEmpty();
        assertThat(db).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(Status.OK));
    }

    @Test
    @Order(5)
    void afterASwitchoverTheIniNamesTheNewPrimaryAndTheSameReleaseFindsItsRows() {
        var result = Platform.open(spec, options()).switchover(SwitchoverRequest.to("db2"));
        assertThat(result.succeeded()).as(result.message()).isTrue();
        assertThat(on("app1", "grep -E '^host ' " + INI)).isEqualTo("host = \"" + ip("db2") + "\"");
        assertThat(get("/index.php?note=second")).isEqualTo("200 db=db2 user=app_my_shop@" + ip("app1")
                + " database=my_shop rows=2 notes=first,second tls=yes other=1142,1142,1044 plain=1045");
        AppOutcome o = deploy();
        assertThat(o.status()).as("no new release: the page reads the ini at run time; " + describe(o)).isEqualTo(AppOutcome.Status.UNCHANGED);
        assertThat(o.release()).isEqualTo(release);
        assertThat(o.results()).as(describe(o)).noneMatch(Result::changed);
    }
}
