package io.rolestack.mariadb;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.remote.KnownHostsStore;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.SshConnector;
import io.rolestack.core.remote.SshEndpoint;
import io.rolestack.core.remote.SshIdentity;
import io.rolestack.core.remote.SshSettings;
import io.rolestack.core.result.RunSummary;
import io.rolestack.core.testing.OpenSshServer;
import io.rolestack.core.testing.StepChain;
import io.rolestack.core.testing.TestKeys;
import io.rolestack.core.wait.Wait;
import io.rolestack.mariadb.backup.BackupException;
import io.rolestack.mariadb.backup.BackupMetadata;
import io.rolestack.mariadb.backup.BackupStore;
import io.rolestack.mariadb.backup.DirectoryBackupStore;
import io.rolestack.mariadb.backup.HostBackupStore;
import io.rolestack.mariadb.backup.MariaDbBackups;
import io.rolestack.mariadb.backup.Retention;
import io.rolestack.mariadb.backup.StoredBackup;
import io.rolestack.mariadb.tls.CaStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Backups against two real MariaDB servers (masterdb1 primary, db2 replica) on 127.0.0.1, every command and
 * the backup stream itself going through a real OpenSSH server and sshj (SshRemote), as on real hosts.
 * In order: a backup taken while a writer inserts rows, restore-tested; a corrupted backup; retention.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepChain.class)
class MariaDbBackupsAgainstRealMariaDbIT {
    private static final String APP_PASSWORD = "app-secret-pw";

    private LocalMariaDbServers dbs;
    private Path tmp;
    private OpenSshServer sshd;
    private SshConnector ssh;
    private MariaDbCluster cluster;
    private DirectoryBackupStore store;
    private String scratch;
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final Map<String, Remote> remotes = new ConcurrentHashMap<>();
    private SshEndpoint endpoint;
    private String firstValid;
    private String corrupted;

    @BeforeAll
    void start() throws Exception {
        System.setProperty("org.slf4j.simpleLogger.log.org.mariadb.jdbc", "error");
        tmp = Files.createTempDirectory("rolestack-backup-it-");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path key = tmp.resolve("id_ed25519");
        TestKeys.generate(key);
        sshd = OpenSshServer.create("db-sshd", tmp, Path.of(key + ".pub"), "").start();
        Path knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
        ssh = new SshConnector(SshSettings.of(SshIdentity.file(key), new KnownHostsStore(knownHosts, false), null));
        endpoint = new SshEndpoint("127.0.0.1", sshd.port(), System.getProperty("user.name"));

        dbs = new LocalMariaDbServers(List.of("masterdb1", "db2"));
        dbs.sql("masterdb1", """
                CREATE DATABASE app;
                CREATE TABLE app.items (id INT PRIMARY KEY, v VARCHAR(40)) ENGINE=InnoDB;
                INSERT INTO app.items SELECT seq, CONCAT('item ', seq) FROM app.seq_1_to_5000;
                CREATE TABLE app.notes (id INT PRIMARY KEY, t TEXT) ENGINE=Aria;
                INSERT INTO app.notes SELECT seq, REPEAT('n', seq) FROM app.seq_1_to_50;
                CREATE TABLE app.writes (id INT PRIMARY KEY) ENGINE=InnoDB;
                CREATE USER app@'%' IDENTIFIED BY '""" + APP_PASSWORD + "';\nGRANT SELECT, INSERT ON app.* TO app@'%';");
        Progress p = (host, message) -> {
            progress.add(host + ": " + message);
            System.out.println("[progress] " + java.time.LocalTime.now() + " " + host + ": " + message);
        };
        cluster = new MariaDbCluster(new Inventory(dbs.hosts()), h -> remotes.computeIfAbsent(h.fqdn(), n -> ssh.open(n, endpoint)),
                dbs::layout, CaStore.open(tmp.resolve("secrets").resolve("test"), "test", Clock.systemUTC()), p)
                .connectTimeout(Duration.ofSeconds(20));
        RunSummary run = cluster.replicate();
        assertThat(run.anyFailed()).as(run.results().toString()).isFalse();
        store = new DirectoryBackupStore(tmp.resolve("backups"));
        scratch = Files.createDirectories(tmp.resolve("scratch")).toString();
    }

    @AfterAll
    void stop() throws Exception {
        if (ssh != null) ssh.close();
        if (sshd != null) sshd.stop();
        if (dbs != null) dbs.close();
        if (tmp != null) {
            try (Stream<Path> walk = Files.walk(tmp)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private MariaDbBackups backups(Clock clock) {
        return new MariaDbBackups(cluster, store, (h, m) -> {
            progress.add(h + ": " + m);
            System.out.println("[backup] " + java.time.LocalTime.now() + " " + h + ": " + m); // a failed restore test says why in CI's log
        }, clock).scratchDir(scratch);
    }

    @Test
    @Order(1)
    void aBackupTakenFromTheReplicaWhileAWriterInsertsIsRestoreTestedAndItsCountsAreThoseOfItsGtid() throws Exception {
        String primaryServerId = dbs.sql("masterdb1", "SELECT @@server_id");
        long seqBefore = seq(dbs.sql("masterdb1", "SELECT @@gtid_binlog_pos"), primaryServerId);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        List<Throwable> writerErrors = new CopyOnWriteArrayList<>();
        Thread writer = new Thread(() -> {
            try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + dbs.server("masterdb1").port() + "/app?connectTimeout=5000&socketTimeout=20000",
                    "app", APP_PASSWORD);
                 PreparedStatement insert = c.prepareStatement("INSERT INTO writes (id) VALUES (?)")) {
                while (writing.get()) {
                    insert.setInt(1, written.incrementAndGet());
                    insert.executeUpdate(); // autocommit: one row, one GTID
                }
            } catch (Exception e) {
                writerErrors.add(e);
            }
        }, "writer");
        writer.start();
        Wait.upTo(Duration.ofSeconds(30)).every(Duration.ofMillis(20)).until(() -> written.get() > 20 || !writerErrors.isEmpty(),
                () -> new IllegalStateException("the writer wrote " + written.get() + " rows in 30 s"));
        assertThat(writerErrors).as("writer").isEmpty();
        int before = written.get();
        StoredBackup b;
        try {
            b = backups(Clock.systemUTC()).backup(true);
        } finally {
            int during = written.get() - before;
            writing.set(false);
            writer.join(30_000);
            assertThat(during).as("rows written while the backup ran").isGreaterThan(0);
        }
        assertThat(writerErrors).isEmpty();
        BackupMetadata m = b.metadata();
        assertThat(m.server()).isEqualTo("db2.test.wpdn");
        assertThat(m.fromReplica()).isTrue();
        assertThat(m.valid()).as(m.verification().message()).isTrue();
        assertThat(m.verification().checksumOk()).isTrue();
        assertThat(m.verification().message()).contains("CHECK TABLE ok").contains("row counts of 3 tables match the source at GTID " + m.gtid());
        // Independent of the verifier: every GTID of the primary since the writer started is one row of app.writes,
        // so the row count recorded at the backup's GTID must be that GTID's distance from where the writer started.
        long rowsAtGtid = seq(m.gtid(), primaryServerId) - seqBefore;
        assertThat(m.rowCounts()).containsEntry("app.writes", rowsAtGtid).containsEntry("app.items", 5000L).containsEntry("app.notes", 50L);
        assertThat(rowsAtGtid).isBetween((long) before, (long) written.get());
        assertThat(m.sha256()).isEqualTo(DirectoryBackupStore.sha256(b.dataFile()));
        assertThat(m.storedBytes()).isEqualTo(Files.size(b.dataFile())).isLessThan(m.streamBytes());
        assertThat(m.binlogPos()).contains("GTID of the last change");
        assertThat(m.version()).contains("MariaDB");
        // the replica replicates again and catches up; nothing left in the scratch dir or as a partial backup
        String pos = dbs.sql("masterdb1", "SELECT @@gtid_binlog_pos");
        assertThat(dbs.sql("db2", "SELECT MASTER_GTID_WAIT('" + pos + "', 30)")).isEqualTo("0");
        assertThat(dbs.sql("db2", "SELECT COUNT(*) FROM app.writes")).isEqualTo(String.valueOf(written.get()));
        try (Stream<Path> left = Files.list(Path.of(scratch))) {
            assertThat(left.toList()).isEmpty();
        }
        assertThat(store.leftovers()).isEmpty();
        assertThat(mode(b.dataFile())).isEqualTo("rw-------");
        // the verdict is on disk, atomically written: read back, valid
        assertThat(store.get(b.id()).valid()).isTrue();
        firstValid = b.id();
    }

    @Test
    @Order(2)
    void aCorruptedBackupFileIsDetectedByItsChecksumAndNeverValid() throws Exception {
        StoredBackup b = backups(Clock.systemUTC()).backup(false);
        assertThat(b.metadata().verification()).isNull();
        // flip bytes in the middle of the stored file
        try (RandomAccessFile f = new RandomAccessFile(b.dataFile().toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            byte[] chunk = new byte[16];
            f.readFully(chunk);
            for (int i = 0; i < chunk.length; i++) chunk[i] = (byte) ~chunk[i];
            f.seek(at);
            f.write(chunk);
        }
        StoredBackup v = backups(Clock.systemUTC()).verify(Optional.of(b.id()));
        assertThat(v.valid()).isFalse();
        assertThat(v.metadata().verification().checksumOk()).isFalse();
        assertThat(v.metadata().verification().message()).startsWith("checksum mismatch");
        assertThat(store.get(b.id()).valid()).isFalse();
        try (Stream<Path> left = Files.list(Path.of(scratch))) {
            assertThat(left.toList()).isEmpty();
        }
        corrupted = b.id();
    }

    @Test
    @Order(3)
    void retentionDeletesTheOldestValidBackupsOnlyDownToTheMinimum() throws Exception {
        String third = backups(Clock.systemUTC()).backup(true).id();
        String fourth = backups(Clock.systemUTC()).backup(true).id();
        assertThat(store.list()).extracting(StoredBackup::id).containsExactly(firstValid, corrupted, third, fourth);
        assertThat(store.get(third).valid()).as("%s", store.get(third).metadata().verification()).isTrue();
        assertThat(store.get(fourth).valid()).as("%s", store.get(fourth).metadata().verification()).isTrue();

        MariaDbBackups.PruneResult dry = backups(Clock.systemUTC()).prune(new Retention(Optional.of(2), Optional.empty()), true);
        assertThat(dry.deleted()).containsExactly(firstValid, corrupted);
        assertThat(store.list()).hasSize(4);

        MariaDbBackups.PruneResult kept2 = backups(Clock.systemUTC()).prune(new Retention(Optional.of(2), Optional.empty()), false);
        assertThat(kept2.deleted()).containsExactly(firstValid, corrupted);
        assertThat(store.list()).extracting(StoredBackup::id).containsExactly(third, fourth);

        // two days later everything is older than maxAge 1h: the newest valid backup stays
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(2));
        MariaDbBackups.PruneResult aged = backups(later).prune(new Retention(Optional.empty(), Optional.of(Duration.ofHours(1))), false);
        assertThat(aged.deleted()).containsExactly(third);
        assertThat(store.list()).extracting(StoredBackup::id).containsExactly(fourth);

        // the last valid backup's file gets damaged: prune hashes it again, it no longer counts, nothing is deleted
        try (RandomAccessFile f = new RandomAccessFile(store.get(fourth).dataFile().toFile(), "rw")) {
            f.seek(100);
            f.write(new byte[]{1, 2, 3, 4});
        }
        MariaDbBackups.PruneResult damaged = backups(later).prune(new Retention(Optional.of(1), Optional.empty()), false);
        assertThat(damaged.deleted()).isEmpty();
        assertThat(damaged.notes()).anySatisfy(n -> assertThat(n).contains(fourth).contains("checksum mismatch"));
        assertThat(store.get(fourth).valid()).isFalse();
        assertThat(store.get(fourth).metadata().verification().checksumOk()).isFalse();
    }

    @Test
    @Order(4)
    void aBackupThatCannotBeWrittenWholeLeavesNoBackupAndTheReplicaReplicatesAgain() throws Exception {
        // a real full disk: a 128 KiB tmpfs for the target, far smaller than the backup
        Path full = Files.createDirectories(tmp.resolve("full"));
        new io.rolestack.core.remote.LocalRemote().run("mount -t tmpfs -o size=128k tmpfs " + full);
        try {
            DirectoryBackupStore small = new DirectoryBackupStore(full.resolve("backups"));
            MariaDbBackups onFullDisk = new MariaDbBackups(cluster, small, (h, m) -> progress.add(h + ": " + m), Clock.systemUTC())
                    .scratchDir(scratch);
            assertThatThrownBy(() -> onFullDisk.backup(true)).hasMessageContaining("No space left on device");
            assertThat(small.list()).isEmpty();
            assertThat(small.leftovers()).isEmpty();
            try (Stream<Path> left = Files.list(full.resolve("backups"))) {
                assertThat(left.map(f -> f.getFileName().toString()).toList()).containsExactly(".rolestack-backups.lock");
            }
        } finally {
            new io.rolestack.core.remote.LocalRemote().run("umount " + full);
        }
        try (Stream<Path> left = Files.list(Path.of(scratch))) {
            assertThat(left.toList()).isEmpty();
        }
        assertThat(dbs.sql("db2", "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND = 'Slave_SQL'")).isNotEqualTo("0");
        String pos = dbs.sql("masterdb1", "SELECT @@gtid_binlog_pos");
        dbs.sql("masterdb1", "INSERT INTO app.writes VALUES (-1)");
        String after = dbs.sql("masterdb1", "SELECT @@gtid_binlog_pos");
        assertThat(after).isNotEqualTo(pos);
        assertThat(dbs.sql("db2", "SELECT MASTER_GTID_WAIT('" + after + "', 30)")).isEqualTo("0");
    }

    @Test
    @Order(5)
    void aBackupHostKeepsTheSamePromisesThroughItsOwnSshSession() throws Exception {
        // the backup host is this machine's sshd under another name: its own session, its own directory
        Path dir = tmp.resolve("on-backup1");
        HostBackupStore onHost = new HostBackupStore(ssh.open("backup1", endpoint), dir.toString());
        MariaDbBackups b = new MariaDbBackups(cluster, onHost, (h, m) -> {
            progress.add(h + ": " + m);
            System.out.println("[backup1] " + java.time.LocalTime.now() + " " + h + ": " + m);
        }, Clock.systemUTC()).scratchDir(scratch);

        StoredBackup first = b.backup(true);
        assertThat(first.valid()).as("%s", first.metadata().verification()).isTrue();
        assertThat(first.metadata().verification().message()).contains("row counts of").contains("match the source");
        Path data = dir.resolve(first.id()).resolve(StoredBackup.DATA);
        assertThat(DirectoryBackupStore.sha256(data)).isEqualTo(first.metadata().sha256()).isEqualTo(onHost.sha256(first));
        assertThat(Files.size(data)).isEqualTo(first.metadata().storedBytes()).isLessThan(first.metadata().streamBytes());
        assertThat(mode(data)).isEqualTo("rw-------");
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(onHost.list()).extracting(StoredBackup::id).containsExactly(first.id());
        assertThat(onHost.leftovers()).isEmpty();
        assertThat(onHost.location()).isEqualTo("backup1:" + dir);

        // one run at a time, whichever machine it runs on: another session holding the lock is named
        try (BackupStore.Lock held = new HostBackupStore(ssh.open("agent2", endpoint), dir.toString()).lock()) {
            assertThatThrownBy(() -> b.verify(Optional.of(first.id())))
                    .hasMessageContaining("another rolestack backup run is using backup1:" + dir);
        }
        // a run whose connection died holds nothing: sshd ends its input, flock lets go
        Remote lost = ssh.open("agent3", endpoint);
        BackupStore.Lock orphan = new HostBackupStore(lost, dir.toString()).lock();
        lost.close();
        Wait.upTo(Duration.ofSeconds(30)).until(() -> {
            try (BackupStore.Lock again = onHost.lock()) {
                return true;
            } catch (BackupException e) {
                return false;
            }
        }, () -> new IllegalStateException("the lock of a lost connection was not released"));

        // damaged on the host: prune hashes it again there, it no longer counts, nothing is deleted
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
            f.seek(100);
            f.write(new byte[]{1, 2, 3, 4});
        }
        Files.createDirectories(dir.resolve(".partial-20261207T000000Z-db2"));
        MariaDbBackups.PruneResult damaged = b.prune(new Retention(Optional.of(1), Optional.empty()), false);
        assertThat(damaged.deleted()).isEmpty();
        assertThat(damaged.notes()).anySatisfy(n -> assertThat(n).contains(first.id()).contains("checksum mismatch: backup1:" + dir))
                .anySatisfy(n -> assertThat(n).contains("removed .partial-20261207T000000Z-db2"));
        assertThat(onHost.get(first.id()).valid()).isFalse();
        assertThat(onHost.leftovers()).isEmpty();

        // deleted (as retention does once a newer backup is valid): the directory on the host goes with it
        onHost.delete(onHost.get(first.id()));
        assertThat(onHost.list()).isEmpty();
        assertThat(dir.resolve(first.id())).doesNotExist();
        assertThat(onHost.leftovers()).isEmpty();
        assertThatThrownBy(() -> onHost.get(first.id())).hasMessage("no backup '" + first.id() + "' in backup1:" + dir);
        try (Stream<Path> left = Files.list(Path.of(scratch))) {
            assertThat(left.toList()).isEmpty();
        }
    }

    /**
     * Real small file systems (tmpfs): a store with less room than a backup like the last one is refused before the
     * replica is stopped or anything is written; a scratch directory too small for the unpacked backup fails the
     * restore test before it starts, and the backup keeps its verdict.
     */
    @Test
    @Order(6)
    void noRoomForABackupLikeTheLastOrForItsUnpackedCopyIsRefusedBeforeAnythingIsWritten() throws Exception {
        StoredBackup last = store.list().stream().filter(b -> b.metadata() != null && b.metadata().streamBytes() > 0)
                .reduce((a, b) -> b).orElseThrow();
        long size = last.metadata().storedBytes();
        io.rolestack.core.remote.LocalRemote here = new io.rolestack.core.remote.LocalRemote();
        Path small = Files.createDirectories(tmp.resolve("small"));
        here.run("mount -t tmpfs -o size=" + (size * 3 + (1 << 20)) + " tmpfs " + small);
        try {
            // the store holds a backup like the last one (its record is what sizes the next), and a filler leaves half of it free
            Path copy = Files.createDirectories(small.resolve("backups").resolve(last.id()));
            Files.copy(last.dir().resolve(StoredBackup.METADATA), copy.resolve(StoredBackup.METADATA));
            DirectoryBackupStore tight = new DirectoryBackupStore(small.resolve("backups"));
            here.run("head -c " + (tight.freeBytes() - size / 2) + " /dev/zero > " + small.resolve("filler"));
            List<String> said = new CopyOnWriteArrayList<>();
            MariaDbBackups b = new MariaDbBackups(cluster, tight, (h, m) -> said.add(h + ": " + m), Clock.systemUTC()).scratchDir(scratch);
            assertThatThrownBy(() -> b.backup(true)).isInstanceOf(BackupException.class)
                    .hasMessageContaining("not enough room for the backup of ")
                    .hasMessageContaining(small.resolve("backups").toString())
                    .hasMessageContaining("backup " + last.id() + " of ")
                    .hasMessageContaining("nothing was written");
            assertThat(said).noneMatch(m -> m.contains("SQL thread stopped") || m.contains("streaming"));
            assertThat(tight.list()).extracting(StoredBackup::id).containsExactly(last.id());
            assertThat(tight.leftovers()).isEmpty();
        } finally {
            here.run("umount " + small);
        }

        Path tiny = Files.createDirectories(tmp.resolve("tiny-scratch"));
        here.run("mount -t tmpfs -o size=64k tmpfs " + tiny);
        try {
            MariaDbBackups v = new MariaDbBackups(cluster, store, (h, m) -> progress.add(h + ": " + m), Clock.systemUTC())
                    .scratchDir(tiny.toString());
            assertThatThrownBy(() -> v.verify(Optional.of(last.id()))).isInstanceOf(BackupException.class)
                    .hasMessageContaining("not enough room for the restore test of " + last.id())
                    .hasMessageContaining(":" + tiny + ": ");
            assertThat(store.get(last.id()).valid()).as("keeps the verdict it had").isEqualTo(last.valid());
            assertThat(store.get(last.id()).metadata().verification()).isEqualTo(last.metadata().verification());
            try (Stream<Path> left = Files.list(tiny)) {
                assertThat(left.toList()).isEmpty();
            }
        } finally {
            here.run("umount " + tiny);
        }
    }

    /** The sequence number of the primary's domain-0 GTID in a position list ({@code 0-1-42}). */
    private static long seq(String gtidPos, String serverId) {
        for (String g : gtidPos.split(",")) {
            String[] p = g.strip().split("-");
            if (p.length == 3 && p[0].equals("0") && p[1].equals(serverId)) return Long.parseLong(p[2]);
        }
        throw new AssertionError("no GTID of server " + serverId + " in domain 0 in '" + gtidPos + "'");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
