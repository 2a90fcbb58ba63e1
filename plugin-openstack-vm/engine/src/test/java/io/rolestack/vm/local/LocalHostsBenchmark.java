package io.rolestack.vm.local;

import io.rolestack.core.events.Progress;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.LocalRemote;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.rolestack.core.remote.Shell.quote;

/**
 * Benchmark (its own command, not a test): rootfs build time (cold with
 * {@code --cold}, into a throw-away cache; cached always), time to create 5
 * hosts from the cache, RSS of each idle host's processes, {@code up} again,
 * {@code down}. Run as root; see docs/local-hosts.md for the command line.
 */
public final class LocalHostsBenchmark {
    private LocalHostsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean cold = List.of(args).contains("--cold");
        LocalRemote machine = new LocalRemote();
        LocalSettings settings = LocalSettings.defaults();
        if (cold) {
            Path tmpCache = Files.createTempDirectory(settings.cacheRoot().getParent(), "rolestack-bench-");
            LocalSettings c = new LocalSettings(settings.stateRoot(), tmpCache, settings.suite(),
                    settings.internalSubnet(), settings.outsideSubnet(), settings.packages());
            long t = System.nanoTime();
            new RootfsImage(c, AptSources.read(AptSources.DIR), AptSources.DIR, machine).ensure(Progress.NONE);
            report("rootfs build, cold (debootstrap + apt-get update)", t);
            machine.run("rm -rf --one-file-system " + quote(tmpCache.toString()));
        }
        long t = System.nanoTime();
        Path rootfs = new RootfsImage(settings, AptSources.read(AptSources.DIR), AptSources.DIR, machine).ensure(Progress.NONE);
        report("rootfs, cached (or built now if it was not)", t);
        System.out.println("rootfs size: " + machine.run("du -sh " + quote(rootfs.toString()) + " | cut -f1").stdout().strip());

        LocalPlatform platform = new LocalPlatform(new LocalPlatform(settings).freeSlot());
        String env = "bench" + UUID.randomUUID().toString().substring(0, 6);
        HostName jump = HostName.parse("jump." + env + ".test");
        List<HostName> others = List.of("app1", "app2", "db1", "memcache1").stream().map(s -> HostName.parse(s + "." + env + ".test")).toList();
        try {
            t = System.nanoTime();
            LocalEnvironment e = platform.up(others, jump, Progress.NONE);
            report("create 5 hosts from the cached rootfs (up, until every sshd listens)", t);
            Thread.sleep(2000);
            List<Long> rss = new ArrayList<>();
            for (var h : e.inventory().hosts()) {
                String kb = machine.run("for p in $(ip netns pids " + h.providerId() + "); do awk '/^VmRSS/ {print $2}' /proc/$p/status; done"
                        + " | awk '{s += $1} END {print s + 0}'").stdout().strip();
                rss.add(Long.parseLong(kb));
                System.out.println("idle host " + h.shortName() + ": RSS " + kb + " kB ("
                        + machine.run("ip netns pids " + h.providerId() + " | wc -l").stdout().strip() + " processes)");
            }
            System.out.printf("idle host RSS: mean %d kB, max %d kB%n",
                    rss.stream().mapToLong(Long::longValue).sum() / rss.size(), rss.stream().mapToLong(Long::longValue).max().orElse(0));
            t = System.nanoTime();
            platform.create(others, jump, Progress.NONE);
            report("up again (nothing to do)", t);
        } finally {
            t = System.nanoTime();
            platform.down(env, Progress.NONE);
            report("down (5 hosts, network, NAT)", t);
        }
    }

    private static void report(String what, long startNanos) {
        System.out.printf("%-75s %8.2f s%n", what, (System.nanoTime() - startNanos) / 1e9);
    }
}
