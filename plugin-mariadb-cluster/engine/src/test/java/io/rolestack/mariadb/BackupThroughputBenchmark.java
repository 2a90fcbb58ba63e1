package io.rolestack.mariadb;

import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.KnownHostsStore;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.SshConnector;
import io.rolestack.core.remote.SshEndpoint;
import io.rolestack.core.remote.SshIdentity;
import io.rolestack.core.remote.SshSettings;
import io.rolestack.core.result.RunSummary;
import io.rolestack.core.testing.OpenSshServer;
import io.rolestack.core.testing.TestKeys;
import io.rolestack.mariadb.backup.BackupStore;
import io.rolestack.mariadb.backup.DirectoryBackupStore;
import io.rolestack.mariadb.backup.MariaDbBackups;
import io.rolestack.mariadb.backup.StoredBackup;
import io.rolestack.mariadb.tls.CaStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Benchmark (its own command, not a test): {@code backup db} throughput against running mariadb-backup by hand on
 * the same host, and the restore test's time. Two real MariaDB servers (primary + replica over TLS) as in
 * {@link MariaDbBackupsAgainstRealMariaDbIT}, SIZE_MB of table data (half random, half repetitive) on the primary.
 * Per round, side by side: by hand on db2, {@code mariadb-backup --backup --stream=mbstream | zstd -3 -T2 > FILE};
 * then {@link MariaDbBackups#backup} without verify (through a real sshd and sshj, SQL thread stop, row counts,
 * sha256, atomic store); then the restore test of that backup. Medians over ROUNDS.
 *
 * <p>Run with {@code bench/backup.sh [SIZE_MB (256)] [ROUNDS (3)] [ssh|local (ssh)]}.
 */
public final class BackupThroughputBenchmark {
    public static void main(String[] args) throws Exception {
        int sizeMb = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        // ssh: every command and the stream through a real sshd and sshj, as on real hosts; local: the same code
        // over LocalRemote, without the SSH hop (where this machine's per-command SSH cost would blur the comparison)
        boolean viaSsh = !(args.length > 2 && args[2].equals("local"));
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path tmp = Files.createTempDirectory("rolestack-backup-bench-");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        LocalRemote shell = new LocalRemote("bench");
        Path key = tmp.resolve("id_ed25519");
        TestKeys.generate(key);
        try (LocalMariaDbServers dbs = new LocalMariaDbServers(List.of("masterdb1", "db2"));
             OpenSshServer sshd = OpenSshServer.create("sshd", tmp, Path.of(key + ".pub"), "").start()) {
            Path knownHosts = tmp.resolve("known_hosts");
            Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
            try (SshConnector ssh = new SshConnector(SshSettings.of(SshIdentity.file(key), new KnownHostsStore(knownHosts, false), null))) {
                SshEndpoint endpoint = new SshEndpoint("127.0.0.1", sshd.port(), System.getProperty("user.name"));
                Map<String, Remote> remotes = new ConcurrentHashMap<>();
                MariaDbCluster cluster = new MariaDbCluster(new Inventory(dbs.hosts()), h -> remotes.computeIfAbsent(h.fqdn(), n -> viaSsh ? ssh.open(n, endpoint) : new LocalRemote(n)),
                        dbs::layout, CaStore.open(tmp.resolve("secrets").resolve("bench"), "bench", Clock.systemUTC()), (h, m) -> { })
                        .connectTimeout(Duration.ofSeconds(30));
                RunSummary rep = cluster.replicate();
                if (rep.anyFailed()) throw new IllegalStateException("replicate failed: " + rep.results());
                long t0 = System.nanoTime();
                dbs.sql("masterdb1", "CREATE DATABASE app; CREATE TABLE app.big (id INT PRIMARY KEY, r VARBINARY(512), t VARCHAR(512)) ENGINE=InnoDB;");
                int rows = sizeMb * 1024;
                for (int from = 1; from <= rows; from += 20000) {
                    int to = Math.min(rows, from + 19999);
                    dbs.sql("masterdb1", "INSERT INTO app.big SELECT seq, RANDOM_BYTES(500), REPEAT(CHAR(97 + seq % 26), 500) FROM app.seq_"
                            + from + "_to_" + to);
                }
                String pos = dbs.sql("masterdb1", "SELECT @@gtid_binlog_pos");
                if (!dbs.sql("db2", "SELECT MASTER_GTID_WAIT('" + pos + "', 3600)").equals("0")) throw new IllegalStateException("db2 did not catch up");
                System.out.printf(Locale.ROOT, "backup throughput: %d MiB of rows, %d rounds, %s, loaded in %.0f s, load average %s%n",
                        sizeMb, rounds, viaSsh ? "rolestack through sshd + sshj" : "rolestack over LocalRemote (no SSH)", (System.nanoTime() - t0) / 1e9, loadAverage());

                DirectoryBackupStore store = new DirectoryBackupStore(tmp.resolve("backups"));
                long[] mark = {System.nanoTime()};
                // the steps with the seconds since the previous one: where the time goes
                MariaDbBackups backups = new MariaDbBackups(cluster, store, (h, m) -> {
                    long now = System.nanoTime();
                    System.out.printf(Locale.ROOT, "    +%.2f s %s%n", (now - mark[0]) / 1e9, m.length() > 110 ? m.substring(0, 110) + "..." : m);
                    mark[0] = now;
                }, Clock.systemUTC()).scratchDir(tmp.toString());
                LocalMariaDbServers.Server db2 = dbs.server("db2");
                List<Double> byHand = new ArrayList<>();
                List<Double> byHandSynced = new ArrayList<>();
                List<Double> rolestack = new ArrayList<>();
                List<Double> verify = new ArrayList<>();
                long stored = 0;
                long streamed = 0;
                for (int i = 0; i < rounds; i++) {
                    Path file = tmp.resolve("by-hand.mbstream.zst");
                    long s = System.nanoTime();
                    shell.run(Command.of("bash -o pipefail -c 'mariadb-backup --backup --user=root --socket=" + db2.socket()
                            + " --stream=mbstream --target-dir=" + tmp + " 2>" + tmp + "/by-hand.log | zstd -q -c -3 -T2 > " + file + "'")
                            .withTimeout(Duration.ofHours(2)));
                    byHand.add((System.nanoTime() - s) / 1e9);
                    Files.delete(file);
                    s = System.nanoTime();
                    shell.run(Command.of("bash -o pipefail -c 'mariadb-backup --backup --user=root --socket=" + db2.socket()
                            + " --stream=mbstream --target-dir=" + tmp + " 2>" + tmp + "/by-hand.log | zstd -q -c -3 -T2 > " + file
                            + " && sync " + file + "'").withTimeout(Duration.ofHours(2)));
                    byHandSynced.add((System.nanoTime() - s) / 1e9);
                    Files.delete(file);
                    s = System.nanoTime();
                    mark[0] = s;
                    StoredBackup b = backups.backup(false);
                    rolestack.add((System.nanoTime() - s) / 1e9);
                    stored = b.metadata().storedBytes();
                    streamed = b.metadata().streamBytes();
                    s = System.nanoTime();
                    StoredBackup v = backups.verify(Optional.of(b.id()));
                    verify.add((System.nanoTime() - s) / 1e9);
                    if (!v.valid()) throw new IllegalStateException("restore test failed: " + v.metadata().verification().message());
                    store.delete(store.get(b.id()));
                    System.out.printf(Locale.ROOT, "  round %d: by hand %.1f s (+ sync %.1f s), rolestack backup db %.1f s, restore test %.1f s%n",
                            i + 1, byHand.get(i), byHandSynced.get(i), rolestack.get(i), verify.get(i));
                }
                double hand = median(byHand);
                double ours = median(rolestack);
                double synced = median(byHandSynced);
                System.out.printf(Locale.ROOT, "| mbstream / stored | by hand (mariadb-backup | zstd > file) | by hand + sync | rolestack backup db | ratio (vs + sync) | restore test |%n");
                System.out.printf(Locale.ROOT, "| %.0f / %.0f MiB | %.1f s | %.1f s | %.1f s | %.2fx (%.2fx; goal >= 0.9x) | %.1f s |%n",
                        streamed / 1048576.0, stored / 1048576.0, hand, synced, ours, hand / ours, synced / ours, median(verify));
            }
        } finally {
            shell.exec(Command.of("rm -rf " + tmp));
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
