package io.rolestack.platform.patch;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.patch.Concurrency;
import io.rolestack.patch.HostPatch;
import io.rolestack.patch.HostPatcher;
import io.rolestack.patch.PatchLock;
import io.rolestack.patch.PatchReport;
import io.rolestack.patch.PatchRoll;
import io.rolestack.patch.RollingOrder;
import io.rolestack.platform.PlatformContext;
import io.rolestack.vm.VmProvider;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The patch operation: the selected hosts in rolling order ({@link RollingOrder},
 * the spec's {@code patching.concurrency}), under the environment's patch lock on
 * the jump host ({@link PatchLock}, TTL {@code patching.lockTtl}). A dry run takes
 * no lock and reads every host at once. A selected host the provider does not
 * have stops a real run before any host is touched.
 */
public final class PatchRun {
    /** Between two health checks of the settle time. */
    static final Duration SETTLE_EVERY = Duration.ofSeconds(5);
    /** The whole apt run of one host, downloads included. */
    static final Duration UPGRADE_TIMEOUT = Duration.ofMinutes(45);

    private final PlatformContext context;

    public PatchRun(PlatformContext context) {
        this.context = context;
    }

    public static PlatformSpec.Patching settings(PlatformSpec spec) {
        return spec.patching().orElse(PlatformSpec.Patching.defaults());
    }

    public PatchReport run(PatchRequest request) {
        PlatformSpec.Patching patching = settings(context.spec());
        Map<String, Concurrency> concurrency = new LinkedHashMap<>();
        patching.concurrency().forEach((role, c) -> concurrency.put(role, Concurrency.parse(c)));
        List<HostName> selected = context.selectedHosts();
        try (VmProvider provider = context.openProvider(); PlatformAccess access = context.openAccess(provider)) {
            Map<String, Host> running = access.inventory().hosts().stream()
                    .collect(Collectors.toMap(Host::fqdn, Function.identity(), (a, b) -> a));
            List<Host> hosts = new ArrayList<>();
            List<HostPatch> missing = new ArrayList<>();
            for (HostName n : selected) {
                Host h = running.get(n.fqdn());
                if (h == null) {
                    missing.add(new HostPatch(n.fqdn(), n.role(), 0, HostPatch.Outcome.FAILED, List.of(), List.of(), List.of(), false,
                            Optional.empty(), Optional.empty(), Duration.ZERO, "not running: the provider has no such host"));
                } else {
                    hosts.add(h);
                }
            }
            // The primary as the servers say: after a switchover it is not masterdb, and it goes last.
            Optional<String> primary = hosts.stream().anyMatch(h -> h.role().equals(RollingOrder.DB))
                    ? PrimaryHandover.currentPrimary(context, access).map(Host::fqdn) : Optional.empty();
            List<RollingOrder.Wave> waves = RollingOrder.waves(hosts, concurrency, primary);
            PatchRoll roll = new PatchRoll(new PlatformPatchHosts(context, provider, access, patching),
                    new HostPatcher(request.dpkgLockWait(), UPGRADE_TIMEOUT),
                    new PatchRoll.Settings(patching.settle(), SETTLE_EVERY, request.healthTimeout(), context.options().progress()));
            if (request.dryRun()) {
                PatchReport r = roll.dryRun(waves, context.options().parallelism());
                return new PatchReport(concat(missing, r.hosts()), true, Optional.empty(), r.notes());
            }
            if (!missing.isEmpty()) {
                return refused(missing, waves, "not started: " + missing.get(0).shortName() + " is not running", "host list");
            }
            PatchLock.Taken taken;
            try (Remote jump = access.apply(access.jump())) {
                taken = new PatchLock(jump, PatchLock.DEFAULT_DIR, context.spec().environment())
                        .acquire(owner(), ProcessHandle.current().pid(), patching.lockTtl());
            } catch (PatchLock.HeldException held) {
                context.options().progress().step(access.jump().shortName(), held.getMessage());
                return refused(List.of(), waves, "not started: " + held.getMessage(), "patch lock").withNote(held.getMessage());
            }
            List<String> notes = new ArrayList<>();
            taken.broken().ifPresent(b -> notes.add("broke the expired patch lock of " + b));
            notes.forEach(n -> context.options().progress().step(access.jump().shortName(), n));
            PatchReport report;
            try {
                report = roll.run(waves);
            } finally {
                release(access, taken.holder(), notes);
            }
            for (String n : notes) report = report.withNote(n);
            return report;
        }
    }

    private void release(PlatformAccess access, PatchLock.Holder mine, List<String> notes) {
        try (Remote jump = access.apply(access.jump())) {
            if (!new PatchLock(jump, PatchLock.DEFAULT_DIR, context.spec().environment()).release(mine)) {
                notes.add("the patch lock was no longer this run's when it ended (expired and taken by another run?)");
            }
        } catch (RuntimeException e) {
            notes.add("could not release the patch lock (it expires by itself): " + e.getMessage());
        }
    }

    private static PatchReport refused(List<HostPatch> first, List<RollingOrder.Wave> waves, String why, String where) {
        List<HostPatch> out = new ArrayList<>(first);
        for (int i = 0; i < waves.size(); i++) {
            RollingOrder.Wave w = waves.get(i);
            for (Host h : w.hosts()) out.add(HostPatch.notStarted(h.fqdn(), w.role(), i + 1, why));
        }
        return new PatchReport(out, false, Optional.of(where), List.of());
    }

    /** user@machine: who holds a lock, as a person reading the refusal would look for it. */
    static String owner() {
        String machine;
        try {
            machine = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            machine = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown-host");
        }
        return (System.getProperty("user.name", "unknown") + "@" + machine).replaceAll("[\\s=]", "_");
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
