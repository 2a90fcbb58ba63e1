package io.rolestack.platform.bench;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.platform.exec.ExecOutcome;
import io.rolestack.platform.exec.ExecRequest;
import io.rolestack.platform.exec.RemoteExec;
import io.rolestack.vm.local.testing.LocalHosts;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (its own command, not a test): {@code rolestack exec} against
 * OpenSSH on the same local hosts through the same jump host, the command
 * {@code true} on 1 and on 10 hosts. Both sides have their connections open
 * already: rolestack its sshj sessions (the first round opens them and is not
 * counted), OpenSSH ControlMaster masters (opened before timing). Run with
 * {@code bench/exec.sh [HOSTS (10)] [ROUNDS (20)]}.
 */
public final class ExecBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String[] names = new String[n];
        for (int i = 0; i < n; i++) names[i] = "app" + (i + 1);
        LocalHosts hosts = LocalHosts.of("jump", names);
        hosts.beforeAll(null);
        try {
            PlatformAccess access = hosts.access();
            List<Host> all = hosts.inventory().hosts().stream().filter(h -> h.name().role().equals("app")).toList();
            List<Host> one = all.subList(0, 1);
            RemoteExec exec = new RemoteExec(access, n, Progress.NONE);
            ExecRequest request = ExecRequest.of("true");
            String control = "/tmp/rolestack-bench-%C";
            List<String> ssh = List.of("ssh", "-F", hosts.sshConfig().toString(), "-o", "ControlMaster=auto",
                    "-o", "ControlPath=" + control, "-o", "ControlPersist=120");
            // Warm-up: sessions opened on both sides.
            require(exec.run(all, request));
            runSsh(ssh, all);

            System.out.printf("exec `true`, %d rounds, median wall time per command (connections already open)%n", rounds);
            double[] r1 = measure(rounds, () -> require(exec.run(one, request)));
            double[] o1 = measure(rounds, () -> runSsh(ssh, one));
            double[] rn = measure(rounds, () -> require(exec.run(all, request)));
            double[] on = measure(rounds, () -> runSsh(ssh, all));
            System.out.printf("  1 host : rolestack %7.1f ms   openssh %7.1f ms   ratio %.2fx (goal <= 1.5x)%n", r1[0], o1[0], r1[0] / o1[0]);
            System.out.printf("  %d hosts: rolestack %7.1f ms   openssh %7.1f ms   ratio %.2fx (goal <= 1.5x)%n", n, rn[0], on[0], rn[0] / on[0]);
            System.out.printf("  %d hosts / 1 host: rolestack %.1fx, openssh %.1fx (goal <= 2x)%n", n, rn[0] / r1[0], on[0] / o1[0]);
            new ProcessBuilder(List.of("sh", "-c", "for s in /tmp/rolestack-bench-*; do ssh -o ControlPath=$s -O exit x 2>/dev/null; done"))
                    .start().waitFor();
        } finally {
            hosts.afterAll(null);
        }
    }

    interface Run {
        void run() throws Exception;
    }

    /** Median and minimum of {@code rounds} timed runs, in ms. */
    private static double[] measure(int rounds, Run r) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            r.run();
            ms.add((System.nanoTime() - t) / 1e6);
        }
        List<Double> sorted = ms.stream().sorted().toList();
        return new double[] {sorted.get(sorted.size() / 2), sorted.get(0)};
    }

    private static void require(ExecOutcome o) {
        if (o.exitCode() != 0) throw new IllegalStateException("rolestack exec failed: " + o.hosts());
    }

    /** One ssh process per host, all at once, as a shell loop with {@code &} and {@code wait} would. */
    private static void runSsh(List<String> ssh, List<Host> hosts) throws Exception {
        List<Process> ps = new ArrayList<>();
        for (Host h : hosts) {
            List<String> cmd = new ArrayList<>(ssh);
            cmd.add(h.shortName());
            cmd.add("true");
            ps.add(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        }
        for (Process p : ps) {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("ssh failed: " + new String(p.getInputStream().readAllBytes()));
            }
        }
    }

    private ExecBenchmark() {
    }
}
