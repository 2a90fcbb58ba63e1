package io.rolestack.mariadb;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.result.RunSummary;
import io.rolestack.core.result.Status;
import io.rolestack.core.wait.Wait;
import io.rolestack.mariadb.status.ClusterStatus;
import io.rolestack.mariadb.switchover.PrimaryChangeHook;
import io.rolestack.mariadb.switchover.SwitchoverResult;
import io.rolestack.mariadb.tls.CaStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark (its own command, not a test): downtime of a switchover as an
 * application sees it. Two real MariaDB servers on this machine (as in
 * {@link MariaDbClusterAgainstRealMariaDbIT}), replicating over TLS; a writer
 * inserts numbered rows as fast as it can into the primary named in its
 * "config" (an {@link AtomicReference} the primary-change hook updates, as the
 * app config would be); the hook simulates the config re-render with a fixed
 * delay. N switchovers back and forth; per switchover the longest interval in
 * which no write succeeded; at the end, acknowledged rows missing on the final
 * primary (must be 0).
 *
 * <p>Hook modes: {@code single} does the render and the switch of the config in
 * {@link PrimaryChangeHook#primaryChanging} (inside the write lock: what the
 * platform's hook does today); {@code two-phase} renders in
 * {@link PrimaryChangeHook#prepare} (before the lock) and only switches the
 * config inside it.
 *
 * <p>Run with {@code bench/switchover-downtime.sh [ROUNDS (10)] [RENDER_MS (300)] [MODES (single,two-phase)]}.
 */
public final class SwitchoverDowntimeBenchmark {
    private static final String APP_PASSWORD = "bench-app-pw";
    /** The app's pause after a failed write before it retries (re-reading its config): its retry loop, not a wait. */
    private static final long RETRY_PAUSE_MS = 2;

    private final LocalMariaDbServers dbs;
    private final Map<String, LocalRemote> remotes = new ConcurrentHashMap<>();
    private final AtomicReference<String> config = new AtomicReference<>("masterdb1");
    /** nanoTime of every acknowledged insert, in order. */
    private final ConcurrentLinkedQueue<long[]> acks = new ConcurrentLinkedQueue<>();
    private final Set<Integer> acknowledged = Collections.synchronizedSet(new HashSet<>());
    private final AtomicBoolean stop = new AtomicBoolean();

    private SwitchoverDowntimeBenchmark(LocalMariaDbServers dbs) {
        this.dbs = dbs;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        long renderMs = args.length > 1 ? Long.parseLong(args[1]) : 300;
        List<String> modes = List.of((args.length > 2 ? args[2] : "single,two-phase").split(","));
        for (String m : modes) {
            if (!m.equals("single") && !m.equals("two-phase")) {
                throw new IllegalArgumentException("hook mode '" + m + "': expected single or two-phase");
            }
        }
        System.setProperty("org.slf4j.simpleLogger.log.org.mariadb.jdbc", "error");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.out.printf("switchover downtime: %d switchovers per hook mode, render %d ms, 2 servers over TLS, load average %s%n",
                rounds, renderMs, loadAverage());
        try (LocalMariaDbServers dbs = new LocalMariaDbServers(List.of("masterdb1", "db2"))) {
            SwitchoverDowntimeBenchmark b = new SwitchoverDowntimeBenchmark(dbs);
            b.run(rounds, renderMs, modes);
        }
    }

    private void run(int rounds, long renderMs, List<String> modes) throws Exception {
        dbs.sql("masterdb1", """
                CREATE DATABASE app;
                CREATE TABLE app.load (id INT PRIMARY KEY) ENGINE=InnoDB;
                CREATE USER app@'%' IDENTIFIED BY '""" + APP_PASSWORD + "';\nGRANT SELECT, INSERT ON app.* TO app@'%';");
        Path secrets = Files.createTempDirectory("rolestack-bench-secrets-").resolve("bench");
        MariaDbCluster cluster = new MariaDbCluster(new Inventory(dbs.hosts()), h -> remotes.computeIfAbsent(h.fqdn(), LocalRemote::new),
                dbs::layout, CaStore.open(secrets, "bench", Clock.systemUTC()), steps()).connectTimeout(Duration.ofSeconds(20));
        RunSummary rep = cluster.replicate();
        if (rep.anyFailed()) throw new IllegalStateException("replicate failed: " + rep.results());

        Thread writer = new Thread(this::write, "writer");
        writer.start();
        List<String> table = new ArrayList<>();
        try {
            for (String mode : modes) {
                cluster.onPrimaryChange(hook(mode, renderMs));
                List<Long> gaps = new ArrayList<>();
                List<Long> reported = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    String to = config.get().equals("masterdb1") ? "db2" : "masterdb1";
                    awaitWrites(acknowledged.size() + 50, "before switchover " + (i + 1));
                    long start = System.nanoTime();
                    SwitchoverResult r = cluster.switchover(to, Duration.ofSeconds(30));
                    long end = System.nanoTime();
                    if (r.status() != Status.CHANGED) throw new IllegalStateException("switchover " + (i + 1) + ": " + r.message() + "\n" + r.steps());
                    awaitWrites(acknowledged.size() + 50, "after switchover " + (i + 1));
                    long gap = longestGap(start, end);
                    gaps.add(gap);
                    reported.add(r.writesBlocked().toMillis());
                    System.out.printf("  %-9s #%2d -> %-9s no write succeeded for %4d ms (engine: writes blocked %4d ms, took %5d ms)%n",
                            mode, i + 1, to, gap, r.writesBlocked().toMillis(), r.took().toMillis());
                }
                table.add(String.format("| %s | %d | %d ms | %d ms | %d ms |", mode, rounds, percentile(gaps, 50),
                        Collections.max(gaps), percentile(reported, 50)));
            }
        } finally {
            stop.set(true);
            writer.join(30_000);
        }
        ClusterStatus s = cluster.status();
        String primary = s.primary().substring(0, s.primary().indexOf('.'));
        Set<Integer> present = new HashSet<>();
        try (Connection c = app(primary); ResultSet rs = c.createStatement().executeQuery("SELECT id FROM app.load")) {
            while (rs.next()) present.add(rs.getInt(1));
        }
        long lost = acknowledged.stream().filter(id -> !present.contains(id)).count();
        System.out.printf("%nload average %s; %d acknowledged rows, %d on the final primary %s, acknowledged rows lost: %d%n",
                loadAverage(), acknowledged.size(), present.size(), primary, lost);
        System.out.println("| hook | switchovers | p50 no write succeeds | max | p50 engine-reported writes blocked |");
        System.out.println("|---|---|---|---|---|");
        table.forEach(System.out::println);
        if (lost != 0) throw new IllegalStateException(lost + " acknowledged rows lost");
    }

    /** With {@code -Dbench.steps=true} (JAVA_OPTS): every switchover step with its time, to see where the time goes. */
    private static io.rolestack.core.events.Progress steps() {
        if (!Boolean.getBoolean("bench.steps")) return null;
        return (host, message) -> System.out.printf("    %s %s: %s%n", java.time.LocalTime.now(), host, message);
    }

    /** Render cost, then the config names the new primary: all inside the lock (single) or render before it (two-phase). */
    private PrimaryChangeHook hook(String mode, long renderMs) {
        if (mode.equals("single")) {
            return (from, to) -> {
                render(renderMs);
                config.set(to.shortName());
            };
        }
        return new PrimaryChangeHook() {
            @Override
            public void prepare(Host from, Host to) {
                render(renderMs);
            }

            @Override
            public void primaryChanging(Host from, Host to) {
                config.set(to.shortName());
            }
        };
    }

    /** Stands in for rendering the configs (the role engine's work): a fixed cost, not a synchronization. */
    private static void render(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering", e);
        }
    }

    /** Longest interval between two acknowledged writes that overlaps [start, end] or ends at the first write after it. */
    private long longestGap(long start, long end) {
        long prev = -1;
        long longest = 0;
        for (long[] a : acks) {
            long t = a[1];
            if (prev >= 0 && t >= start && prev <= end) longest = Math.max(longest, t - prev);
            prev = t;
            if (t > end) break;
        }
        // acks before the window are kept only as the last one before it
        return Duration.ofNanos(longest).toMillis();
    }

    /** Inserts 1, 2, 3 … into the primary the config names; an id counts once its commit is acknowledged. */
    private void write() {
        int id = 1;
        String connectedTo = null;
        Connection c = null;
        PreparedStatement ps = null;
        while (!stop.get()) {
            String target = config.get();
            try {
                if (c == null || !target.equals(connectedTo)) {
                    close(c);
                    c = null;
                    c = app(target);
                    connectedTo = target;
                    ps = c.prepareStatement("INSERT INTO app.load VALUES (?)");
                }
                ps.setInt(1, id);
                ps.executeUpdate();
                acks.add(new long[] {id, System.nanoTime()});
                acknowledged.add(id++);
            } catch (SQLException e) {
                if (e.getErrorCode() == 1062) {
                    id++; // committed before its acknowledgement was lost: present, never acknowledged
                } else if (e.getErrorCode() != 1290) { // 1290: read-only, keep the connection and retry
                    close(c);
                    c = null;
                }
                pause(RETRY_PAUSE_MS);
            }
        }
        close(c);
    }

    private void awaitWrites(int count, String when) {
        Wait.upTo(Duration.ofSeconds(30)).every(Duration.ofMillis(10)).until(() -> acknowledged.size() >= count,
                () -> new IllegalStateException("the writer has " + acknowledged.size() + " acknowledged writes " + when
                        + ", expected " + count + " (config names " + config.get() + ")"));
    }

    private Connection app(String shortName) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + dbs.server(shortName).port() + "/app?connectTimeout=2000",
                "app", APP_PASSWORD);
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, i));
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static void close(Connection c) {
        try {
            if (c != null) c.close();
        } catch (SQLException ignored) {
            // already broken
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
