package io.rolestack.mariadb;

import io.rolestack.core.events.Progress;
import io.rolestack.core.remote.Command;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;
import io.rolestack.core.result.Status;
import io.rolestack.core.testing.StepChain;
import io.rolestack.mariadb.status.ClusterStatus;
import io.rolestack.mariadb.switchover.SwitchoverResult;
import io.rolestack.mariadb.tls.CaStore;
import io.rolestack.vm.local.testing.LocalHosts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end as in production: Debian's mariadb-server package on real local
 * hosts (own namespaces, sshd as PID 1), reached only through the jump host
 * over SSH (SshRemote), with the engine's Debian layout
 * ({@code /etc/mysql/mariadb.conf.d}, {@code service mariadb restart}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepChain.class) // a failed step aborts the later ones, naming itself: no cascade of unrelated failures
class MariaDbClusterOnLocalHostsIT {
    @RegisterExtension
    static LocalHosts hosts = LocalHosts.of("jump", "masterdb1", "db2");

    private Path secrets;
    private MariaDbCluster cluster;

    @BeforeAll
    void installMariaDb() throws Exception {
        // In parallel: the hosts' apt wrapper takes turns on the shared archive cache. mariadb-backup seeds db2
        // (the db role installs it in production).
        List<CompletableFuture<Void>> installs = List.of("masterdb1", "db2").stream().map(h -> CompletableFuture.runAsync(() ->
                hosts.remote(h).run(Command.of("DEBIAN_FRONTEND=noninteractive apt-get install -y -q mariadb-server mariadb-backup >/tmp/apt.log 2>&1"
                        + " || { tail -20 /tmp/apt.log >&2; exit 1; }; service mariadb status >/dev/null 2>&1 || service mariadb start")
                        .withTimeout(Duration.ofMinutes(10))))).toList();
        long start = System.nanoTime();
        installs.forEach(CompletableFuture::join);
        System.out.printf("apt-get install mariadb-server on 2 local hosts: %d s%n", (System.nanoTime() - start) / 1_000_000_000L);
        hosts.remote("masterdb1").run(Command.of("mariadb").withStdin("""
                CREATE DATABASE app;
                CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(20));
                INSERT INTO app.t VALUES (1, 'before'), (2, 'replication');
                """));
        secrets = Files.createTempDirectory("rolestack-secrets-").resolve(hosts.environment().environment());
        Progress p = (host, message) -> System.out.println("[progress] " + host + ": " + message);
        cluster = new MariaDbCluster(hosts.inventory(), h -> hosts.remote(h.shortName()), CaStore.open(secrets, "test"), p);
    }

    @AfterAll
    void removeSecrets() throws Exception {
        if (secrets == null) return;
        try (var walk = Files.walk(secrets.getParent())) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    @Order(1)
    void replicatesOverTlsThroughTheJumpHost() {
        RunSummary run = cluster.replicate();

        assertThat(run.anyFailed()).as(failures(run)).isFalse();
        assertThat(run.results()).filteredOn(r -> r.operation().equals("restart mariadb")).extracting(Result::host)
                .containsExactly(hosts.host("masterdb1").fqdn(), hosts.host("db2").fqdn());
        assertThat(run.results()).filteredOn(r -> r.operation().equals("replication link")).singleElement()
                .satisfies(r -> assertThat(r.message()).startsWith("seeded from " + hosts.host("masterdb1").fqdn()));
        assertThat(sql("db2", "SELECT GROUP_CONCAT(v ORDER BY id) FROM app.t")).isEqualTo("before,replication");
        // the datadir was replaced by the seeded copy, owned by mysql, nothing left beside it
        assertThat(hosts.remote("db2").run(Command.of("stat -c %U /var/lib/mysql /var/lib/mysql/app; ls -d /var/lib/mysql.rolestack-* 2>/dev/null; true"))
                .stdout()).isEqualTo("mysql\nmysql\n");
        sql("masterdb1", "INSERT INTO app.t VALUES (3, 'streamed')");
        ClusterStatus s = awaitCaughtUp();
        assertThat(s.healthy()).as(s.table()).isTrue();
        assertThat(s.server(hosts.host("db2").fqdn()).orElseThrow().encrypted()).isTrue();
        assertThat(s.connections()).singleElement().satisfies(c -> {
            assertThat(c.clientAddress()).isIn(hosts.host("db2").privateIp(), hosts.host("db2").fqdn());
            assertThat(c.connectionType()).isEqualTo("SSL/TLS");
        });
        assertThat(sql("db2", "SELECT v FROM app.t WHERE id = 3")).isEqualTo("streamed");
    }

    @Test
    @Order(2)
    void secondRunChangesNothing() {
        RunSummary run = cluster.replicate();
        assertThat(run.results()).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(Status.OK));
    }

    @Test
    @Order(3)
    void switchoverToDb2() {
        SwitchoverResult r = cluster.switchover("db2", Duration.ofSeconds(30));

        assertThat(r.status()).as(r.message() + "\n" + r.steps()).isEqualTo(Status.CHANGED);
        sql("db2", "INSERT INTO app.t VALUES (4, 'new primary')");
        ClusterStatus s = awaitCaughtUp();
        assertThat(s.primary()).isEqualTo(hosts.host("db2").fqdn());
        assertThat(s.healthy()).as(s.table()).isTrue();
        assertThat(sql("masterdb1", "SELECT v FROM app.t WHERE id = 4")).isEqualTo("new primary");
        assertThat(sql("masterdb1", "SELECT @@read_only")).isEqualTo("1");

        // Asked again (a re-run pipeline): db2 already is the primary, so nothing is done and nothing failed.
        SwitchoverResult again = cluster.switchover("db2", Duration.ofSeconds(30));
        assertThat(again.status()).as(again.message()).isEqualTo(Status.OK);
        assertThat(again.primary()).isEqualTo(hosts.host("db2").fqdn());
        assertThat(sql("db2", "SELECT @@read_only")).isEqualTo("0");
    }

    private ClusterStatus awaitCaughtUp() {
        ClusterStatus s = cluster.status();
        String pos = s.server(s.primary()).orElseThrow().gtidBinlogPos();
        for (var server : s.servers()) {
            if (server.host().equals(s.primary())) continue;
            String shortName = server.host().substring(0, server.host().indexOf('.'));
            assertThat(sql(shortName, "SELECT MASTER_GTID_WAIT('" + pos + "', 30)")).isEqualTo("0");
        }
        return cluster.status();
    }

    private static String sql(String host, String statement) {
        return hosts.remote(host).run(Command.of("mariadb --batch --skip-column-names").withStdin(statement)).stdout().strip();
    }

    private static String failures(RunSummary run) {
        return run.results().stream().filter(Result::failed).map(Result::toString).collect(Collectors.joining("\n"));
    }
}
