package io.rolestack.platform.patch;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.Shell;
import io.rolestack.core.result.Status;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.core.testing.StepChain;
import io.rolestack.core.wait.Wait;
import io.rolestack.patch.HostPatch;
import io.rolestack.patch.PatchReport;
import io.rolestack.platform.Platform;
import io.rolestack.platform.PlatformOptions;
import io.rolestack.platform.deploy.DeployOutcome;
import io.rolestack.platform.provider.Providers;
import io.rolestack.platform.testing.RequestLoop;
import io.rolestack.role.plan.Limit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling patch that the platform's users do not notice, on real local hosts
 * (root): while a client on the jump host sends a request through frontend1
 * every 100 ms, {@code patch --limit app} patches app1 then app2 (1.1 of the test
 * package reboots each): every response is a 200 from the app tier, and while
 * app1 is drained no response comes from it. Then, while a writer on app1
 * inserts rows through the app's own DB client files, {@code patch --limit db}
 * patches db2, moves the primary from masterdb1 to db2, patches masterdb1 and
 * moves it back: every acknowledged row is on both servers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepChain.class)
class PatchInServiceOnLocalHostsIT {
    static final String WRITES_LOG = "/tmp/rolestack-writes.acked";
    static final String WRITES_STOP = "/tmp/rolestack-writes.stop";

    @TempDir
    static Path tmp;
    static PlatformSpec spec;
    static TestAptRepo repo;
    /** Progress lines with the time they were seen (this machine's clock, which local hosts share). */
    static final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void writeSpec() throws Exception {
        Path file = tmp.resolve("platform.yaml");
        Files.writeString(file, """
                environment: patchsrv
                domain: wpdn
                provider:
                  type: local
                  stateDir: %s
                jump: jump.patchsrv.wpdn
                hosts: [masterdb1, db2, memcache1, app1, app2, frontend1]
                database:
                  primary: masterdb1
                  replicas: [db2]
                roles:
                  base: {vars: {monit_cycle_seconds: 5}}
                patching:
                  schedule: "0 3 * * SUN"
                  settle: 3s
                  lockTtl: 20m
                  drainTimeout: 20s
                """.formatted(tmp.resolve("state")));
        spec = SpecLoader.load(file);
        repo = TestAptRepo.build(tmp.resolve("apt"));
    }

    @AfterAll
    static void down() {
        if (spec != null) assertThat(Providers.local(spec).down(spec.environment(), Progress.NONE).failed()).isFalse();
    }

    static PlatformOptions options() {
        return PlatformOptions.defaults().withSecrets(tmp.resolve("secrets"))
                .withProgress((host, message) -> events.add(System.currentTimeMillis() + " " + host + ": " + message));
    }

    static String on(String host, String script) {
        try (Platform.Access a = Platform.open(spec, options()).access(); Remote r = a.hosts().apply(a.hosts().inventory().host(host).orElseThrow())) {
            return r.run(Command.sudo(script).withTimeout(Duration.ofMinutes(10))).stdout().strip();
        }
    }

    static PatchReport patch(String limit, boolean dryRun) {
        events.clear();
        return Platform.open(spec, options().withLimit(Limit.parse(limit))).patch(PatchRequest.defaults().withDryRun(dryRun));
    }

    static String describe(PatchReport r) {
        return r.hosts().stream().map(h -> h.shortName() + " wave " + h.wave() + " " + h.outcome().label() + " " + h.upgrades()
                + " reboot=" + h.reboot() + " after=" + HostPatch.describe(h.after()) + " " + h.message()).collect(Collectors.joining("\n"))
                + "\nstopped: " + r.stoppedAt() + "\nnotes: " + r.notes() + "\nevents:\n" + String.join("\n", events);
    }

    /** When (ms) the first progress line containing {@code text} was seen. */
    static long when(String text) {
        synchronized (events) {
            return events.stream().filter(e -> e.contains(text)).map(e -> Long.parseLong(e.substring(0, e.indexOf(' '))))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no event '" + text + "' in\n" + String.join("\n", events)));
        }
    }

    /** The position of the first progress line containing {@code text}: two lines can share a millisecond, their order is this. */
    static int position(String text) {
        synchronized (events) {
            for (int i = 0; i < events.size(); i++) if (events.get(i).contains(text)) return i;
            throw new IllegalStateException("no event '" + text + "' in\n" + String.join("\n", events));
        }
    }

    @Test
    @Order(1)
    void applyBuildsThePlatformAndTheDbAndAppHostsGetTheOldTestPackage() {
        DeployOutcome applied = Platform.open(spec, options()).apply();
        assertThat(applied.summary().anyFailed()).as(applied.summary().results().stream().filter(x -> x.status() == Status.FAILED)
                .map(x -> x.host() + " " + x.operation() + ": " + x.message()).collect(Collectors.joining("\n"))).isFalse();
        try (Platform.Access a = Platform.open(spec, options()).access()) {
            for (String h : List.of("masterdb1", "db2", "app1", "app2")) {
                try (Remote r = a.hosts().apply(a.hosts().inventory().host(h).orElseThrow())) {
                    repo.installOn(r);
                    assertThat(TestAptRepo.installed(r)).as(h).isEqualTo(TestAptRepo.OLD);
                }
            }
        }
    }

    @Test
    @Order(2)
    void theDryRunSaysEachAppHostWouldBeDrainedFromTheFrontend() {
        PatchReport dry = patch("app", true);
        assertThat(dry.exitCode()).as(describe(dry)).isZero();
        assertThat(dry.notes()).as(describe(dry)).containsExactly(
                "would drain app1 from frontend1 before patching", "would drain app2 from frontend1 before patching");
        assertThat(on("frontend1", "cat /etc/nginx/conf.d/rolestack-app-upstream.conf")).doesNotContain("down");
    }

    @Test
    @Order(3)
    void rollingPatchOfTheAppHostsWhileRequestsRunThroughTheFrontendFailsNoRequest() {
        String url = "http://" + Platform.open(spec, options()).listVms().host("frontend1").orElseThrow().privateIp() + "/rolestack-health.php";
        RequestLoop loop = new RequestLoop(command -> on("jump", command), "jump", "patch-requests").start(url, "");

        PatchReport r = patch("app", false);

        List<String> responses = loop.stop(); // after 10 more answers: requests keep succeeding with both hosts back
        System.out.println("patch report:\n" + describe(r) + "\n" + responses.size() + " requests through frontend1");

        assertThat(r.exitCode()).as(describe(r)).isZero();
        assertThat(r.hosts()).extracting(HostPatch::shortName).containsExactly("app1", "app2");
        assertThat(r.hosts()).allSatisfy(h -> {
            assertThat(h.outcome()).as(describe(r)).isEqualTo(HostPatch.Outcome.PATCHED);
            assertThat(h.reboot()).isTrue();
        });
        assertThat(r.notes()).as(describe(r))
                .anySatisfy(n -> assertThat(n).startsWith("app1 drained from frontend1 in "))
                .contains("app1 back in frontend1", "app2 back in frontend1");
        assertThat(responses).as("requests during the whole roll").hasSizeGreaterThan(100);
        List<String> failed = responses.stream().filter(l -> !l.startsWith("200 ") || !l.contains("ok app=")).toList();
        assertThat(failed).as("failed requests out of " + responses.size()).isEmpty();

        // While app1 was out (drained, patched, rebooted), the frontend sent it nothing: the drain, not nginx's retry, did it.
        long out = when("app1 drained from frontend1");
        long back = when("app1 back in frontend1");
        List<String> whileOut = responses.stream().filter(l -> {
            double t = Double.parseDouble(l.split(" ")[1]) * 1000;
            return t > out && t < back - 1000; // the put-back reload takes effect before its note is printed
        }).toList();
        assertThat(whileOut).as("responses while app1 was drained").hasSizeGreaterThan(20)
                .allSatisfy(l -> assertThat(l).contains("app=app2"));
        assertThat(responses).anySatisfy(l -> assertThat(l).contains("app=app1"));
        assertThat(on("frontend1", "cat /etc/nginx/conf.d/rolestack-app-upstream.conf")).doesNotContain("down");
        assertThat(on("app1", "dpkg-query -W -f '${Version}' " + TestAptRepo.PACKAGE)).isEqualTo(TestAptRepo.NEW);
        assertThat(on("app2", "dpkg-query -W -f '${Version}' " + TestAptRepo.PACKAGE)).isEqualTo(TestAptRepo.NEW);
    }

    @Test
    @Order(4)
    void patchingTheDatabaseMovesThePrimaryAwayAndBackAndLosesNoAcknowledgedRow() {
        on("app1", "rm -f " + WRITES_LOG + " " + WRITES_STOP + " && printf '%s' " + Shell.quote(WRITER) + " > /tmp/rolestack-writer.php"
                + " && setsid nohup php /tmp/rolestack-writer.php " + WRITES_LOG + " " + WRITES_STOP + " >/tmp/rolestack-writer.err 2>&1 < /dev/null &");
        awaitLines("app1", WRITES_LOG, 20);

        PatchReport r = patch("db", false);

        int during = lines("app1", WRITES_LOG).size();
        awaitLines("app1", WRITES_LOG, during + 20); // writing to masterdb1 again
        on("app1", "touch " + WRITES_STOP);
        Wait.upTo(Duration.ofSeconds(30)).every(Duration.ofMillis(200)).until(
                () -> on("app1", "pgrep -f '[r]olestack-writer.php' >/dev/null && echo running || echo stopped").equals("stopped"),
                () -> new IllegalStateException("the writer did not stop"));
        Set<Integer> acked = lines("app1", WRITES_LOG).stream().map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new));
        System.out.println("patch report:\n" + describe(r) + "\n" + acked.size() + " acknowledged writes; writer errors:\n"
                + on("app1", "tail -5 /tmp/rolestack-writer.err"));

        assertThat(r.exitCode()).as(describe(r)).isZero();
        assertThat(r.hosts()).extracting(HostPatch::shortName).as("the primary last").containsExactly("db2", "masterdb1");
        assertThat(r.hosts()).allSatisfy(h -> assertThat(h.outcome()).as(describe(r)).isEqualTo(HostPatch.Outcome.PATCHED));
        assertThat(r.notes()).as(describe(r))
                .anySatisfy(n -> assertThat(n).startsWith("database primary moved from masterdb1 to db2 before patching masterdb1"))
                .anySatisfy(n -> assertThat(n).startsWith("database primary moved back to masterdb1"));
        assertThat(position("database primary moved from masterdb1 to db2")).isLessThan(position("masterdb1: patch: upgrading"));
        assertThat(acked).hasSizeGreaterThan(100);
        assertThat(on("masterdb1", "mariadb -N -B -e 'SELECT @@read_only'")).as("masterdb1 is the primary again").isEqualTo("0");
        for (String db : List.of("masterdb1", "db2")) {
            Wait.upTo(Duration.ofSeconds(60)).every(Duration.ofMillis(500)).until(() -> rows(db).containsAll(acked),
                    () -> new IllegalStateException(db + " lacks acknowledged rows: " + missing(acked, rows(db))));
        }
    }

    static Set<Integer> rows(String db) {
        String ids = on(db, "mariadb -N -B -e 'SELECT id FROM app.patch_writes'");
        return ids.isBlank() ? Set.of() : Arrays.stream(ids.split("\\s+")).map(Integer::valueOf).collect(Collectors.toSet());
    }

    static String missing(Set<Integer> acked, Set<Integer> have) {
        List<Integer> m = acked.stream().filter(i -> !have.contains(i)).toList();
        return m.size() + " " + m.subList(0, Math.min(20, m.size()));
    }

    static List<String> lines(String host, String file) {
        String text = on(host, "cat " + file + " 2>/dev/null || true");
        return text.isBlank() ? List.of() : text.lines().toList();
    }

    static void awaitLines(String host, String file, int count) {
        Wait.upTo(Duration.ofSeconds(60)).every(Duration.ofMillis(200)).until(() -> lines(host, file).size() >= count,
                () -> new IllegalStateException(file + " on " + host + " has fewer than " + count + " lines: " + lines(host, file)));
    }

    /**
     * Inserts 1, 2, 3 … through the app's DB client files (re-read on every reconnect: a switchover
     * re-points them); an id is logged once its INSERT returned, i.e. the server acknowledged its commit.
     */
    static final String WRITER = """
            <?php
            [$self, $log, $stop] = $argv;
            $out = fopen($log, 'a');
            mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
            $c = null;
            $id = 1;
            while (!file_exists($stop)) {
                try {
                    if ($c === null) {
                        $db = parse_ini_file('/etc/rolestack/db-app.ini', true)['database'];
                        $c = mysqli_init();
                        $c->options(MYSQLI_OPT_CONNECT_TIMEOUT, 2);
                        $c->ssl_set(null, null, $db['ca'], null, null);
                        $c->real_connect($db['host'], $db['user'], base64_decode($db['password_base64'], true), $db['database'],
                            (int) $db['port'], null, MYSQLI_CLIENT_SSL);
                        $c->query('CREATE TABLE IF NOT EXISTS patch_writes (id INT PRIMARY KEY) ENGINE=InnoDB');
                    }
                    $c->query("INSERT INTO patch_writes VALUES ($id)");
                    fwrite($out, "$id\\n");
                    fflush($out);
                    $id++;
                } catch (mysqli_sql_exception $e) {
                    // 1062: committed but its answer was lost: not acknowledged, not lost either; the next id.
                    if ($e->getCode() == 1062) $id++;
                    fwrite(STDERR, $e->getCode() . ' ' . $e->getMessage() . "\\n");
                    $c = null;
                    usleep(20000);
                }
            }
            """;
}
