package io.rolestack.platform.bench;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.health.HealthChecker;
import io.rolestack.health.HealthReport;
import io.rolestack.health.Thresholds;
import io.rolestack.health.probe.HostProbes;
import io.rolestack.health.probe.Probe;
import io.rolestack.health.repair.RepairPolicy;
import io.rolestack.role.catalog.RoleCatalog;
import io.rolestack.role.watch.WatchedService;
import io.rolestack.vm.local.testing.LocalHosts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (its own command, not a test): a health run of the example
 * platform's roles with rolestack (every check of a host in one SSH round
 * trip, hosts at once) against the usual approach of one OpenSSH command per
 * check (ControlMaster connections open, through the same jump host; hosts at
 * once, a host's checks one after the other), on 1 and on N local hosts. Both
 * sides run the very same check commands. Run with
 * {@code bench/health.sh [HOSTS (10)] [ROUNDS (10)]}.
 */
public final class HealthBenchmark {
    /** The example platform's roles, repeated to make up N hosts. */
    private static final List<String> NAMES = List.of("app1", "frontend1", "memcache1", "masterdb1", "db2", "app2",
            "frontend2", "memcache2", "redis1", "app3", "app4", "frontend3", "db3", "memcache3", "redis2", "app5");

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        if (n < 1 || n > NAMES.size()) throw new IllegalArgumentException("HOSTS must be 1.." + NAMES.size());
        LocalHosts hosts = LocalHosts.of("jump", NAMES.subList(0, n).toArray(String[]::new));
        hosts.beforeAll(null);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            PlatformAccess access = hosts.access();
            RoleCatalog catalog = RoleCatalog.load(Optional.empty());
            List<HealthChecker.Target> all = new ArrayList<>();
            for (Host h : hosts.inventory().hosts()) {
                if (h.name().role().equals("jump")) continue;
                var roles = catalog.rolesFor(h.name());
                all.add(new HealthChecker.Target(h, HostProbes.of(h, roles, 1, Thresholds.defaults(), false), WatchedService.of(roles)));
            }
            List<HealthChecker.Target> one = all.subList(0, 1);
            HealthChecker checker = new HealthChecker(access, n, Progress.NONE, RepairPolicy.reportOnly());
            List<String> ssh = List.of("ssh", "-F", hosts.sshConfig().toString(), "-o", "ControlMaster=auto",
                    "-o", "ControlPath=/tmp/rolestack-hbench-%C", "-o", "ControlPersist=300");
            int checks = all.stream().mapToInt(t -> t.probes().size()).sum();
            // Warm-up: sshj sessions and ControlMaster masters opened on both sides.
            require(checker.check(all));
            perCheckSsh(pool, ssh, all);

            System.out.printf("health run, %d rounds, median wall time (connections already open); %d checks on %d hosts%n",
                    rounds, checks, all.size());
            double r1 = median(rounds, () -> require(checker.check(one)));
            double o1 = median(rounds, () -> perCheckSsh(pool, ssh, one));
            double rn = median(rounds, () -> require(checker.check(all)));
            double on = median(rounds, () -> perCheckSsh(pool, ssh, all));
            System.out.printf("  1 host  (%2d checks): rolestack %7.1f ms   one ssh per check %8.1f ms   %.1fx faster (goal >= 10x)%n",
                    one.get(0).probes().size(), r1, o1, o1 / r1);
            System.out.printf("  %d hosts (%d checks): rolestack %7.1f ms   one ssh per check %8.1f ms   %.1fx faster (goal >= 10x)%n",
                    all.size(), checks, rn, on, on / rn);
            System.out.printf("  %d hosts / 1 host: rolestack %.1fx, one ssh per check %.1fx (goal <= 2x)%n",
                    all.size(), rn / r1, on / o1);
        } finally {
            pool.shutdownNow();
            new ProcessBuilder(List.of("sh", "-c", "for s in /tmp/rolestack-hbench-*; do ssh -o ControlPath=$s -O exit x 2>/dev/null; done"))
                    .start().waitFor();
            hosts.afterAll(null);
        }
    }

    interface Run {
        void run() throws Exception;
    }

    private static double median(int rounds, Run r) throws Exception {
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[rounds / 2];
    }

    /** Every host answered (its checks may fail: roles are not applied; the work is the same). */
    private static void require(HealthReport r) {
        r.hosts().forEach(h -> {
            if (h.checks().stream().anyMatch(c -> c.name().equals("ssh") || c.name().equals("health script"))) {
                throw new IllegalStateException("rolestack health did not reach " + h.host() + ": " + h.checks());
            }
        });
    }

    /** Hosts at once; on each, one ssh process per check, one after the other, as a check-per-SSH monitor does. */
    private static void perCheckSsh(ExecutorService pool, List<String> ssh, List<HealthChecker.Target> targets) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (HealthChecker.Target t : targets) {
            running.add(pool.submit(() -> {
                for (Probe p : t.probes()) {
                    List<String> cmd = new ArrayList<>(ssh);
                    cmd.add(t.host().shortName());
                    cmd.add(p.command());
                    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                    proc.getInputStream().readAllBytes();
                    if (!proc.waitFor(60, TimeUnit.SECONDS)) throw new IllegalStateException("ssh hung: " + cmd);
                    if (proc.exitValue() == 255) throw new IllegalStateException("ssh could not connect: " + cmd);
                }
                return null;
            }));
        }
        for (Future<?> f : running) f.get();
    }

    private HealthBenchmark() {
    }
}
