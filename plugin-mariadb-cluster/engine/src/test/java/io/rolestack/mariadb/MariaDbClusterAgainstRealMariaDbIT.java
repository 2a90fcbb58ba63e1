package io.rolestack.mariadb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;
import io.rolestack.core.result.Status;
import io.rolestack.core.testing.StepChain;
import io.rolestack.core.wait.Wait;
import io.rolestack.mariadb.replication.ReplicaLinks;
import io.rolestack.mariadb.replication.ReplicationException;
import io.rolestack.mariadb.status.ClusterStatus;
import io.rolestack.mariadb.status.ReplicationConnection;
import io.rolestack.mariadb.status.ServerRole;
import io.rolestack.mariadb.status.ServerStatus;
import io.rolestack.mariadb.switchover.PrimaryChangeHook;
import io.rolestack.mariadb.switchover.SwitchoverResult;
import io.rolestack.mariadb.tls.CaStore;
import io.rolestack.mariadb.tls.CertificateAuthority;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine against three real MariaDB servers (masterdb1, db2, db3) on
 * 127.0.0.1, reached like real hosts: shell commands and the mariadb CLI
 * through a Remote (LocalRemote here, SshRemote in production). The tests
 * build on each other, in order: one cluster per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepChain.class) // a failed step aborts the later ones, naming itself: no cascade of unrelated failures
class MariaDbClusterAgainstRealMariaDbIT {
    private static final String APP_PASSWORD = "app-secret-pw";

    private LocalMariaDbServers dbs;
    private Path secretsDir;
    private MariaDbCluster cluster;
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final Map<String, LocalRemote> remotes = new ConcurrentHashMap<>();

    @BeforeAll
    void startServers() throws Exception {
        // the writer's expected read-only rejections are not news
        System.setProperty("org.slf4j.simpleLogger.log.org.mariadb.jdbc", "error");
        dbs = new LocalMariaDbServers(List.of("masterdb1", "db2", "db3"));
        secretsDir = Files.createTempDirectory("rolestack-secrets-").resolve("test");
        // Data on the primary before replication exists (and before its binlog is on): only seeding can copy it.
        dbs.sql("masterdb1", """
                CREATE DATABASE app;
                CREATE TABLE app.seeded (id INT PRIMARY KEY, v VARCHAR(40)) ENGINE=InnoDB;
                INSERT INTO app.seeded SELECT seq, CONCAT('row ', seq) FROM app.seq_1_to_100;
                CREATE TABLE app.load (id INT PRIMARY KEY) ENGINE=InnoDB;
                CREATE USER app@'%' IDENTIFIED BY '""" + APP_PASSWORD + "';\nGRANT SELECT, INSERT ON app.* TO app@'%';");
        cluster = newCluster();
    }

    private MariaDbCluster newCluster() {
        Inventory inv = new Inventory(dbs.hosts());
        Progress p = (host, message) -> {
            progress.add(host + ": " + message);
            System.out.println("[progress] " + java.time.LocalTime.now() + " " + host + ": " + message);
        };
        return new MariaDbCluster(inv, h -> remotes.computeIfAbsent(h.fqdn(), LocalRemote::new), dbs::layout,
                CaStore.open(secretsDir, "test", Clock.systemUTC()), p).connectTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    void stopServers() throws Exception {
        if (dbs != null) dbs.close();
        try (var walk = Files.walk(secretsDir.getParent())) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    @Order(1)
    void replicateSeedsEmptyReplicasAndLinksThemOverVerifiedTls() throws Exception {
        RunSummary run = cluster.replicate();

        assertThat(run.anyFailed()).as(failures(run)).isFalse();
        assertThat(run.results()).filteredOn(r -> r.operation().equals("replication link"))
                .extracting(Result::host, Result::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("db2.test.wpdn", Status.CHANGED),
                        org.assertj.core.groups.Tuple.tuple("db3.test.wpdn", Status.CHANGED));
        // db2 from the primary (no healthy replica yet), db3 from db2 (a healthy replica spares the primary)
        assertThat(run.results()).filteredOn(r -> r.operation().equals("replication link")).extracting(Result::message)
                .satisfiesExactly(m -> assertThat(m).startsWith("seeded from masterdb1.test.wpdn"),
                        m -> assertThat(m).startsWith("seeded from db2.test.wpdn"));
        // seeded rows (never in any binlog) and the app account are on both replicas
        for (String replica : List.of("db2", "db3")) {
            assertThat(dbs.sql(replica, "SELECT COUNT(*), SUM(id) FROM app.seeded")).isEqualTo("100\t5050");
            assertThat(dbs.sql(replica, "SELECT COUNT(*) FROM mysql.user WHERE User='app'")).isEqualTo("1");
        }
        // new rows flow
        dbs.sql("masterdb1", "INSERT INTO app.seeded SELECT seq, 'late' FROM app.seq_101_to_110");
        waitForReplicas();
        for (String replica : List.of("db2", "db3")) {
            assertThat(dbs.sql(replica, "SELECT COUNT(*) FROM app.seeded")).isEqualTo("110");
            assertThat(dbs.sql(replica, "SELECT @@read_only")).isEqualTo("1");
        }
        // TLS as the primary sees it: both binlog-dump connections are SSL/TLS with a cipher
        List<ReplicationConnection> conns = ReplicationConnection.read(cluster.primary().sql());
        assertThat(conns).hasSize(2).allSatisfy(c -> {
            assertThat(c.user()).isEqualTo("rolestack_repl");
            assertThat(c.connectionType()).isEqualTo("SSL/TLS");
            assertThat(c.sslCipher()).isNotBlank();
        });
        // and the server refuses that account without our client certificate
        assertThat(dbs.sql("masterdb1", "SELECT ssl_type, x509_subject, Repl_slave_priv, Super_priv FROM mysql.user WHERE User='rolestack_repl'"))
                .isEqualTo("SPECIFIED\t/O=rolestack/CN=rolestack_repl\tY\tN");
        String replPassword = read(secretsDir.resolve("replication.password")).strip();
        for (String tls : List.of("", "?sslMode=trust")) {
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + dbs.server("masterdb1").port() + "/" + tls,
                    "rolestack_repl", replPassword).close()).as("password without client certificate" + tls)
                    .isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
        }
        // secrets: 0600 in the store, keys 0600 mysql on the hosts, never in progress
        assertThat(mode(secretsDir.resolve("ca.pem"))).isEqualTo("rw-------");
        assertThat(mode(secretsDir.resolve("replication.password"))).isEqualTo("rw-------");
        assertThat(new LocalRemote().run("stat -c '%U %a' " + dbs.layout(dbs.host("db2")).serverKeyPath()).stdout().strip())
                .isEqualTo("mysql 600");
        String password = read(secretsDir.resolve("replication.password")).strip();
        assertThat(progress).noneMatch(l -> l.contains(password));
        assertThat(run.results()).noneMatch(r -> r.message().contains(password) || r.diff().contains(password));
    }

    @Test
    @Order(2)
    void secondReplicateChangesNothing() {
        RunSummary run = cluster.replicate();
        assertThat(run.results()).as(failures(run)).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(Status.OK));
        assertThat(run.results()).hasSizeGreaterThan(20);
    }

    @Test
    @Order(3)
    void statusReportsThreadsLagGtidAndEncryptionAsTableAndJson() throws Exception {
        ClusterStatus s = cluster.status();

        assertThat(s.primary()).isEqualTo("masterdb1.test.wpdn");
        assertThat(s.healthy()).as(s.table()).isTrue();
        ServerStatus primary = s.server("masterdb1.test.wpdn").orElseThrow();
        assertThat(primary.role()).isEqualTo(ServerRole.PRIMARY);
        assertThat(primary.gtidBinlogPos()).isNotEmpty();
        for (String r : List.of("db2.test.wpdn", "db3.test.wpdn")) {
            ServerStatus rs = s.server(r).orElseThrow();
            assertThat(rs.role()).isEqualTo(ServerRole.REPLICA);
            assertThat(rs.link().ioRunning()).isEqualTo("Yes");
            assertThat(rs.link().sqlRunning()).isEqualTo("Yes");
            assertThat(rs.link().secondsBehindMaster()).isNotNull().isLessThan(5);
            assertThat(rs.link().usingGtid()).isEqualTo("Slave_Pos");
            assertThat(rs.link().sslVerifyServerCert()).isTrue();
            assertThat(rs.encrypted()).isTrue();
            assertThat(rs.gtidCurrentPos()).isEqualTo(primary.gtidBinlogPos());
        }
        assertThat(s.table()).contains("masterdb1.test.wpdn", "primary", "replica", "TLS", s.server("db2.test.wpdn").get().sslCipher());

        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(s));
        assertThat(json.get("primary").asText()).isEqualTo("masterdb1.test.wpdn");
        assertThat(json.get("servers").get(1).get("link").get("ioRunning").asText()).isEqualTo("Yes");
        assertThat(json.get("servers").get(1).get("encrypted").asBoolean()).isTrue();
    }

    @Test
    @Order(4)
    void replicaTrustingAnotherCaFailsWithAClearErrorAndReplicateRepairsIt() throws Exception {
        Host db3 = dbs.host("db3");
        String bundle = dbs.layout(db3).caBundlePath();
        Files.writeString(Path.of(bundle), CertificateAuthority.create("elsewhere", Clock.systemUTC()).certificatePem());
        dbs.sql("db3", "STOP SLAVE; START SLAVE;");

        var db3Server = cluster.servers().stream().filter(d -> d.name().equals(db3.fqdn())).findFirst().orElseThrow();
        assertThatThrownBy(() -> ReplicaLinks.awaitRunning(db3Server, Duration.ofSeconds(20)))
                .isInstanceOf(ReplicationException.class)
                .hasMessageContaining("db3.test.wpdn")
                .hasMessageContaining("IO thread error")
                .hasMessageMatching("(?is).*(ssl|certificate).*");
        ServerStatus st = cluster.status().server(db3.fqdn()).orElseThrow();
        assertThat(st.healthy()).isFalse();
        assertThat(st.link().ioRunning()).isNotEqualTo("Yes");
        assertThat(st.link().lastIoError()).containsIgnoringCase("ssl");

        RunSummary run = cluster.replicate();
        assertThat(run.anyFailed()).as(failures(run)).isFalse();
        assertThat(run.results()).filteredOn(r -> r.host().equals(db3.fqdn()) && r.status() == Status.CHANGED)
                .extracting(Result::operation).contains("file " + bundle, "replication link");
        assertThat(cluster.status().healthy()).isTrue();
    }

    @Test
    @Order(5)
    void switchoverTimeoutRollsBackToAWritableOldPrimary() throws Exception {
        // db2 runs fine but applies an hour late (delayed replication): it cannot catch up within the timeout.
        dbs.sql("db2", "STOP SLAVE; CHANGE MASTER TO MASTER_DELAY=3600; START SLAVE;");
        dbs.sql("masterdb1", "INSERT INTO app.seeded VALUES (1000, 'db2 has not applied this')");

        SwitchoverResult r = cluster.switchover(HostName.parse("db2.test.wpdn"), Duration.ofSeconds(2));

        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.rolledBack()).isTrue();
        assertThat(r.primary()).isEqualTo("masterdb1.test.wpdn");
        assertThat(r.message()).contains("did not apply up to", "within 2s", "rolled back");
        assertThat(dbs.sql("masterdb1", "SELECT @@read_only")).isEqualTo("0");
        try (Connection c = app("masterdb1")) {
            c.createStatement().executeUpdate("INSERT INTO app.load VALUES (-1)");
        }
        assertThat(progress).anyMatch(l -> l.contains("locking writes")).anyMatch(l -> l.contains("writable again"));

        dbs.sql("db2", "STOP SLAVE; CHANGE MASTER TO MASTER_DELAY=0; START SLAVE;");
        waitForReplicas();
        assertThat(cluster.status().healthy()).isTrue();
    }

    @Test
    @Order(6)
    void failingPrimaryChangeHookRollsBack() {
        List<String> hookCalls = new CopyOnWriteArrayList<>();
        cluster.onPrimaryChange((from, to) -> {
            hookCalls.add(from.shortName() + "->" + to.shortName());
            if (hookCalls.size() == 1) throw new IllegalStateException("app config render failed");
        });
        try {
            SwitchoverResult r = cluster.switchover(HostName.parse("db3.test.wpdn"), Duration.ofSeconds(20));
            assertThat(r.status()).isEqualTo(Status.FAILED);
            assertThat(r.rolledBack()).isTrue();
            assertThat(r.message()).contains("app config render failed");
            // Half-rendered app configs are pointed back at the old primary.
            assertThat(hookCalls).containsExactly("masterdb1->db3", "db3->masterdb1");
        } finally {
            cluster.onPrimaryChange((from, to) -> { });
        }
        assertThat(dbs.sql("masterdb1", "SELECT @@read_only")).isEqualTo("0");
        ClusterStatus s = cluster.status();
        assertThat(s.primary()).isEqualTo("masterdb1.test.wpdn");
        assertThat(s.healthy()).as(s.table()).isTrue();
    }

    @Test
    @Order(7)
    void switchoverUnderWriteLoadLosesNoAcknowledgedWrite() throws Exception {
        List<String> hookCalls = new CopyOnWriteArrayList<>();
        cluster.onPrimaryChange((from, to) -> hookCalls.add(from.shortName() + "->" + to.shortName()));
        Set<Integer> acknowledged = Collections.synchronizedSet(new TreeSet<>());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger readOnlyErrors = new AtomicInteger();
        Thread writer = new Thread(() -> write(acknowledged, stop, readOnlyErrors), "writer");
        writer.start();
        awaitWrites(acknowledged, 30, "before the switchover (on masterdb1)");

        SwitchoverResult r = cluster.switchover(HostName.parse("db2.test.wpdn"), Duration.ofSeconds(30));

        awaitWrites(acknowledged, acknowledged.size() + 30, "after the switchover (on the new primary)");
        stop.set(true);
        writer.join(30_000);
        System.out.printf("switchover: %s, writes blocked %d ms, took %d ms, %d acknowledged writes, %d read-only rejections%n",
                r.message(), r.writesBlocked().toMillis(), r.took().toMillis(), acknowledged.size(), readOnlyErrors.get());

        assertThat(r.status()).as(r.message() + "\n" + r.steps()).isEqualTo(Status.CHANGED);
        assertThat(r.primary()).isEqualTo("db2.test.wpdn");
        assertThat(hookCalls).containsExactly("masterdb1->db2");
        assertThat(readOnlyErrors.get()).as("writes hit the locked primary").isPositive();
        assertThat(acknowledged).hasSizeGreaterThan(50);

        ClusterStatus s = cluster.status();
        assertThat(s.primary()).as(s.table()).isEqualTo("db2.test.wpdn");
        assertThat(s.healthy()).as(s.table()).isTrue();
        waitForReplicas();
        String expected = acknowledged.stream().map(String::valueOf).collect(Collectors.joining(","));
        for (String h : List.of("db2", "masterdb1", "db3")) {
            String ids = dbs.sql(h, "SELECT IFNULL(GROUP_CONCAT(id ORDER BY id SEPARATOR ','), '') FROM app.load WHERE id > 0");
            assertThat(ids).as("ids on " + h).isEqualTo(expected);
        }
        assertThat(dbs.sql("masterdb1", "SELECT @@read_only")).isEqualTo("1");
        assertThat(dbs.sql("db2", "SELECT @@read_only")).isEqualTo("0");
        // the option files follow: db2's no longer says read_only = ON
        assertThat(read(Path.of(dbs.layout(dbs.host("db2")).configPath()))).contains("read_only                  = OFF");
        assertThat(read(Path.of(dbs.layout(dbs.host("masterdb1")).configPath()))).contains("read_only                  = ON");
    }

    @Test
    @Order(8)
    void replicateAfterSwitchoverKeepsTheNewPrimaryAndChangesNothing() {
        RunSummary run = cluster.replicate();
        assertThat(run.results()).as(failures(run)).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(Status.OK));
        assertThat(run.results()).filteredOn(r -> r.operation().equals("replication link")).extracting(Result::message)
                .allSatisfy(m -> assertThat(m).startsWith("from db2.test.wpdn"));
    }

    @Test
    @Order(9)
    void caRotationReplacesEveryCertificateWhileReplicationKeepsRunning() throws Exception {
        String oldCa = read(secretsDir.resolve("ca.crt"));

        RunSummary rotate = cluster.rotateCa();

        assertThat(rotate.anyFailed()).as(failures(rotate)).isFalse();
        String newCa = read(secretsDir.resolve("ca.crt"));
        assertThat(newCa).isNotEqualTo(oldCa);
        X509Certificate newCaCert = certificate(newCa);
        for (Host h : dbs.hosts()) {
            var layout = dbs.layout(h);
            assertThat(read(Path.of(layout.caBundlePath()))).as("bundle on " + h.shortName()).contains(oldCa.strip(), newCa.strip());
            certificate(read(Path.of(layout.serverCertPath()))).verify(newCaCert.getPublicKey());
            certificate(read(Path.of(layout.clientCertPath()))).verify(newCaCert.getPublicKey());
        }
        dbs.sql("db2", "INSERT INTO app.seeded SELECT seq, 'after rotation' FROM app.seq_2001_to_2010");
        waitForReplicas();
        ClusterStatus during = cluster.status();
        assertThat(during.healthy()).as(during.table()).isTrue();

        RunSummary finish = cluster.finishCaRotation();

        assertThat(finish.anyFailed()).as(failures(finish)).isFalse();
        for (Host h : dbs.hosts()) {
            assertThat(read(Path.of(dbs.layout(h).caBundlePath())).strip()).isEqualTo(newCa.strip());
        }
        dbs.sql("db2", "INSERT INTO app.seeded SELECT seq, 'old CA retired' FROM app.seq_2011_to_2020");
        waitForReplicas();
        ClusterStatus after = cluster.status();
        assertThat(after.healthy()).as(after.table()).isTrue();
        assertThat(after.connections()).hasSize(2).allSatisfy(c -> assertThat(c.encrypted()).isTrue());
        for (String h : List.of("masterdb1", "db3")) {
            assertThat(dbs.sql(h, "SELECT COUNT(*) FROM app.seeded WHERE id BETWEEN 2001 AND 2020")).isEqualTo("20");
        }
    }

    @Test
    @Order(10)
    void switchingBackToMasterdbWorksTheSameWay() {
        SwitchoverResult r = cluster.switchover(HostName.parse("masterdb1.test.wpdn"), Duration.ofSeconds(30));

        assertThat(r.status()).as(r.message() + "\n" + r.steps()).isEqualTo(Status.CHANGED);
        dbs.sql("masterdb1", "INSERT INTO app.seeded VALUES (3000, 'back home')");
        waitForReplicas();
        ClusterStatus s = cluster.status();
        assertThat(s.primary()).isEqualTo("masterdb1.test.wpdn");
        assertThat(s.healthy()).as(s.table()).isTrue();
        for (String h : List.of("db2", "db3")) {
            assertThat(dbs.sql(h, "SELECT v FROM app.seeded WHERE id = 3000")).isEqualTo("back home");
        }
        RunSummary again = cluster.replicate();
        assertThat(again.results()).allSatisfy(x -> assertThat(x.status()).as(x.toString()).isEqualTo(Status.OK));
    }

    @Test
    @Order(11)
    void hookThatCannotPrepareRefusesTheSwitchoverBeforeWritesAreBlocked() {
        List<String> calls = new CopyOnWriteArrayList<>();
        cluster.onPrimaryChange(new PrimaryChangeHook() {
            @Override
            public void prepare(Host from, Host to) {
                calls.add("prepare " + from.shortName() + "->" + to.shortName());
                throw new IllegalStateException("template does not render");
            }

            @Override
            public void primaryChanging(Host from, Host to) {
                calls.add("commit " + from.shortName() + "->" + to.shortName());
            }
        });
        int progressBefore = progress.size();
        try {
            SwitchoverResult r = cluster.switchover(HostName.parse("db3.test.wpdn"), Duration.ofSeconds(20));

            assertThat(r.status()).isEqualTo(Status.FAILED);
            assertThat(r.rolledBack()).as("nothing to roll back").isFalse();
            assertThat(r.primary()).isEqualTo("masterdb1.test.wpdn");
            assertThat(r.message()).contains("could not prepare", "template does not render", "nothing was changed");
            assertThat(r.writesBlocked()).isZero();
        } finally {
            cluster.onPrimaryChange(PrimaryChangeHook.NONE);
        }
        assertThat(calls).containsExactly("prepare masterdb1->db3");
        assertThat(progress.subList(progressBefore, progress.size())).noneMatch(l -> l.contains("locking writes"));
        assertThat(dbs.sql("masterdb1", "SELECT @@read_only")).isEqualTo("0");
        ClusterStatus s = cluster.status();
        assertThat(s.primary()).isEqualTo("masterdb1.test.wpdn");
        assertThat(s.healthy()).as(s.table()).isTrue();
    }

    @Test
    @Order(12)
    void twoPhaseHookPreparesWhileWritesFlowAndCommitsWhileTheyAreBlockedAndIsReversedOnRollback() {
        List<String> calls = new CopyOnWriteArrayList<>();
        AtomicBoolean failCommit = new AtomicBoolean(true);
        cluster.onPrimaryChange(new PrimaryChangeHook() {
            @Override
            public void prepare(Host from, Host to) {
                calls.add("prepare " + from.shortName() + "->" + to.shortName() + " old read_only=" + dbs.sql(from.shortName(), "SELECT @@read_only"));
            }

            @Override
            public void primaryChanging(Host from, Host to) {
                calls.add("commit " + from.shortName() + "->" + to.shortName() + " old read_only=" + dbs.sql(from.shortName(), "SELECT @@read_only")
                        + " new read_only=" + dbs.sql(to.shortName(), "SELECT @@read_only"));
                if (failCommit.getAndSet(false)) throw new IllegalStateException("reload failed");
            }
        });
        try {
            SwitchoverResult failed = cluster.switchover(HostName.parse("db3.test.wpdn"), Duration.ofSeconds(20));

            assertThat(failed.rolledBack()).as(failed.message()).isTrue();
            assertThat(failed.message()).contains("reload failed");
            // both phases, then both phases the other way round (while the rollback has made masterdb1 writable again)
            assertThat(calls).containsExactly("prepare masterdb1->db3 old read_only=0",
                    "commit masterdb1->db3 old read_only=1 new read_only=1",
                    "prepare db3->masterdb1 old read_only=1", "commit db3->masterdb1 old read_only=1 new read_only=0");
            assertThat(dbs.sql("masterdb1", "SELECT @@read_only")).isEqualTo("0");
            assertThat(dbs.sql("db3", "SELECT @@read_only")).isEqualTo("1");
            waitForReplicas();
            ClusterStatus back = cluster.status();
            assertThat(back.primary()).isEqualTo("masterdb1.test.wpdn");
            assertThat(back.healthy()).as(back.table()).isTrue();

            calls.clear();
            SwitchoverResult r = cluster.switchover(HostName.parse("db3.test.wpdn"), Duration.ofSeconds(20));

            assertThat(r.status()).as(r.message() + "\n" + r.steps()).isEqualTo(Status.CHANGED);
            assertThat(calls).containsExactly("prepare masterdb1->db3 old read_only=0",
                    "commit masterdb1->db3 old read_only=1 new read_only=1");
        } finally {
            cluster.onPrimaryChange(PrimaryChangeHook.NONE);
        }
        assertThat(dbs.sql("db3", "SELECT @@read_only")).isEqualTo("0");
        ClusterStatus s = cluster.status();
        assertThat(s.primary()).isEqualTo("db3.test.wpdn");
        assertThat(s.healthy()).as(s.table()).isTrue();
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    /** Inserts 1, 2, 3 … into whichever server takes writes; an id counts once the server acknowledged its commit. */
    private void write(Set<Integer> acknowledged, AtomicBoolean stop, AtomicInteger readOnlyErrors) {
        List<String> hosts = List.of("masterdb1", "db2", "db3");
        int current = 0;
        int id = 1;
        Connection c = null;
        while (!stop.get()) {
            try {
                if (c == null) c = app(hosts.get(current));
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO app.load VALUES (?)")) {
                    ps.setInt(1, id);
                    ps.executeUpdate();
                }
                acknowledged.add(id++);
            } catch (SQLException e) {
                if (e.getErrorCode() == 1290) readOnlyErrors.incrementAndGet();
                else if (e.getErrorCode() == 1062) throw new AssertionError("id " + id + " written twice", e);
                // read-only or gone: try the next server, as an application re-pointed by config would
                close(c);
                c = null;
                current = (current + 1) % hosts.size();
                sleep(20);
            }
        }
        close(c);
    }

    /** Waits (up to 30 s) until the writer has {@code count} acknowledged writes: it is writing, not just started. */
    private static void awaitWrites(Set<Integer> acknowledged, int count, String when) {
        Wait.upTo(Duration.ofSeconds(30)).every(Duration.ofMillis(20)).until(() -> acknowledged.size() >= count,
                () -> new IllegalStateException("the writer has " + acknowledged.size() + " acknowledged writes " + when
                        + " after 30 s, expected " + count));
    }

    private Connection app(String shortName) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + dbs.server(shortName).port() + "/app?connectTimeout=2000",
                "app", APP_PASSWORD);
    }

    private void waitForReplicas() {
        ClusterStatus s = cluster.status();
        String pos = s.server(s.primary()).orElseThrow().gtidBinlogPos();
        for (ServerStatus r : s.servers()) {
            if (r.role() != ServerRole.REPLICA) continue;
            String shortName = r.host().substring(0, r.host().indexOf('.'));
            assertThat(dbs.sql(shortName, "SELECT MASTER_GTID_WAIT('" + pos + "', 30)")).as(r.host() + " catches up").isEqualTo("0");
        }
    }

    private static String failures(RunSummary run) {
        return run.results().stream().filter(Result::failed).map(Result::toString).collect(Collectors.joining("\n"));
    }

    private static String mode(Path p) throws Exception {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void close(Connection c) {
        try {
            if (c != null) c.close();
        } catch (SQLException ignored) {
            // already broken
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
