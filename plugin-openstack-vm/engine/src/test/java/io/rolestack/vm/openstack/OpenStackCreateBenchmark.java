package io.rolestack.vm.openstack;

import io.rolestack.core.events.Progress;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.net.Port;
import io.rolestack.core.result.Result;
import io.rolestack.vm.VmRequest;
import io.rolestack.vm.openstack.simulator.OpenStackSimulator;
import io.rolestack.vm.openstack.simulator.RecordedCall;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (not a test): wall time for {@link OpenStackProvider#create} of N
 * servers against the OpenStack API simulator, each server spending
 * {@code build} in BUILD and each POST /servers taking {@code latency} to answer.
 * Run by bench/openstack-create.sh. Arguments: {@code [build-ms] [latency-ms] [poll-ms] [N...]}.
 */
public final class OpenStackCreateBenchmark {

    public static void main(String[] args) {
        Duration build = Duration.ofMillis(args.length > 0 ? Long.parseLong(args[0]) : 2000);
        Duration latency = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 200);
        Duration poll = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 250);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 3; i < args.length; i++) sizes.add(Integer.parseInt(args[i]));
        if (sizes.isEmpty()) sizes = List.of(1, 10, 50);

        System.out.printf("OpenStack create benchmark: BUILD %d ms, POST /servers latency %d ms, poll every %d ms, concurrency %d%n",
                build.toMillis(), latency.toMillis(), poll.toMillis(), OpenStackSettings.DEFAULT_CONCURRENCY);
        run(1, build, latency, poll, false); // warm-up: class loading and JIT, not reported
        System.out.printf("%5s %10s %12s %14s %8s%n", "N", "wall ms", "over BUILD", "boots in flight", "polls");
        for (int n : sizes) run(n, build, latency, poll, true);
    }

    private static void run(int n, Duration build, Duration latency, Duration poll, boolean report) {
        try (OpenStackSimulator sim = OpenStackSimulator.start().buildDelay(build).createLatency(latency)) {
            OpenStackSettings settings = OpenStackSettings.fromMap(Map.of("image", "debian-12", "network", "internal",
                    "subnetCidr", "10.20.0.0/24", "flavor", "m1.small", "sshFrom", "198.51.100.0/24",
                    "deployKey", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq1bXcfBv0wYlJ0dU5oQ2c4b0pXN3lQZ2VzcXR4 bench",
                    "pollInterval", poll.toMillis() + "ms"));
            List<VmRequest> requests = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                requests.add(new VmRequest(HostName.parse("app" + i + ".bench.wpdn"), "", List.of(Port.tcp(80)), false, Map.of()));
            }
            try (OpenStackProvider p = OpenStackProvider.create(settings, sim.osEnvironment())) {
                long start = System.nanoTime();
                List<Result> results = p.create(requests, Progress.NONE);
                long wallMs = (System.nanoTime() - start) / 1_000_000;
                long failed = results.stream().filter(Result::failed).count();
                if (failed > 0) throw new IllegalStateException(failed + " of " + n + " creates failed: " + results);
                List<RecordedCall> boots = sim.calls("POST", "/compute/v2.1/servers");
                int inFlight = RecordedCall.maxInFlight(boots);
                int polls = sim.calls("GET", "/servers/detail").size();
                if (report) System.out.printf("%5d %10d %12d %14d %8d%n", n, wallMs, wallMs - build.toMillis(), inFlight, polls);
            }
        }
    }
}
