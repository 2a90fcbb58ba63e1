package io.rolestack.patch;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.remote.Fanout;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.wait.Wait;
import io.rolestack.health.HostHealth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A rolling patch over waves of hosts ({@link RollingOrder}): the hosts of a
 * wave at once, the next wave only when every host of this one is patched and
 * healthy. Per host: health first (an unhealthy host is not patched), apt
 * ({@link HostPatcher}), a reboot when the host asks for one, then its health
 * checks must pass within {@link Settings#healthTimeout} and keep passing for
 * {@link Settings#settle}. The first host that fails stops the roll: its
 * report says why, later waves are {@code not started}, untouched.
 * A dry run reads every host's pending updates and changes nothing else.
 */
public final class PatchRoll {
    /** What the roll needs of the platform: sessions, health checks, reboots. */
    public interface Hosts {
        /** An SSH session to the host; the roll closes it. */
        Remote open(Host host);

        /** The host's health checks now, changing nothing on it (no restarts, no Monit re-arm). */
        HostHealth health(Host host);

        /** Reboots the host (through its provider) and returns once it answers SSH again; throws when it does not. */
        void reboot(Host host);
    }

    /**
     * @param settle        after a host is healthy, how long it must stay so (checked every {@code settleEvery}) before the next wave
     * @param healthTimeout how long a patched (rebooted) host gets to become healthy
     */
    public record Settings(Duration settle, Duration settleEvery, Duration healthTimeout, Progress progress) {
        public Settings {
            Objects.requireNonNull(settle, "settle");
            Objects.requireNonNull(settleEvery, "settleEvery");
            Objects.requireNonNull(healthTimeout, "healthTimeout");
            Objects.requireNonNull(progress, "progress");
        }
    }

    private final Hosts hosts;
    private final HostPatcher patcher;
    private final Settings settings;

    public PatchRoll(Hosts hosts, HostPatcher patcher, Settings settings) {
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.patcher = Objects.requireNonNull(patcher, "patcher");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Every host's pending updates, all at once ({@code parallelism} sessions); changes nothing but apt's lists. */
    public PatchReport dryRun(List<RollingOrder.Wave> waves, int parallelism) {
        List<Placed> placed = place(waves);
        List<HostPatch> out = Fanout.run(placed, parallelism, this::plan,
                (p, e) -> failed(p, System.nanoTime(), Optional.empty(), List.of(), "apt facts: " + e.getMessage()));
        return new PatchReport(out, true, Optional.empty(), List.of());
    }

    public PatchReport run(List<RollingOrder.Wave> waves) {
        List<HostPatch> out = new ArrayList<>();
        Optional<String> stopped = Optional.empty();
        for (int i = 0; i < waves.size(); i++) {
            RollingOrder.Wave w = waves.get(i);
            int n = i + 1;
            if (stopped.isPresent()) {
                String why = "not started: the roll stopped at " + stopped.get();
                w.hosts().forEach(h -> out.add(HostPatch.notStarted(h.fqdn(), w.role(), n, why)));
                continue;
            }
            w.hosts().forEach(h -> settings.progress().step(h.shortName(), "patch: wave " + n + "/" + waves.size() + " (" + w.role() + ")"));
            List<HostPatch> done = Fanout.run(w.hosts(), w.hosts().size(), h -> patch(new Placed(h, w.role(), n)),
                    (h, e) -> failed(new Placed(h, w.role(), n), System.nanoTime(), Optional.empty(), List.of(), e.getMessage()));
            out.addAll(done);
            stopped = done.stream().filter(p -> p.outcome().bad()).findFirst().map(p -> p.shortName() + " (" + p.message() + ")");
        }
        return new PatchReport(out, false, stopped, List.of());
    }

    private record Placed(Host host, String role, int wave) {
    }

    private static List<Placed> place(List<RollingOrder.Wave> waves) {
        List<Placed> out = new ArrayList<>();
        for (int i = 0; i < waves.size(); i++) {
            for (Host h : waves.get(i).hosts()) out.add(new Placed(h, waves.get(i).role(), i + 1));
        }
        return out;
    }

    private HostPatch plan(Placed p) {
        long start = System.nanoTime();
        try (Remote r = hosts.open(p.host())) {
            PendingUpdates pending = patcher.pending(r);
            settings.progress().step(p.host().shortName(), "patch (dry run): " + pending.upgrades().size() + " upgradable"
                    + (pending.rebootLikely() ? ", reboot likely" : ""));
            return new HostPatch(p.host().fqdn(), p.role(), p.wave(), HostPatch.Outcome.PLANNED, pending.upgrades(), pending.keptBack(),
                    List.of(), pending.rebootLikely(), Optional.empty(), Optional.empty(), since(start),
                    pending.held().isEmpty() ? "" : "held: " + String.join(" ", pending.held()));
        }
    }

    private HostPatch patch(Placed p) {
        long start = System.nanoTime();
        Host h = p.host();
        HostHealth before = hosts.health(h);
        if (!before.healthy()) {
            settings.progress().step(h.shortName(), "patch: unhealthy before patching; not patched, the roll stops here");
            return new HostPatch(h.fqdn(), p.role(), p.wave(), HostPatch.Outcome.UNHEALTHY, List.of(), List.of(), List.of(), false,
                    Optional.of(before), Optional.empty(), since(start),
                    "unhealthy before patching, not patched: " + HostPatch.describe(Optional.of(before)).substring("unhealthy: ".length()));
        }
        PendingUpdates pending;
        HostPatcher.Applied applied;
        try (Remote r = hosts.open(h)) {
            pending = patcher.pending(r);
            if (pending.nothingToDo()) {
                settings.progress().step(h.shortName(), "patch: up to date");
                return new HostPatch(h.fqdn(), p.role(), p.wave(), HostPatch.Outcome.UP_TO_DATE, List.of(), pending.keptBack(), List.of(),
                        false, Optional.of(before), Optional.of(before), since(start), "");
            }
            settings.progress().step(h.shortName(), "patch: upgrading " + pending.upgrades().size() + " package(s)");
            applied = patcher.apply(r, pending);
        } catch (RuntimeException e) {
            return failed(p, start, Optional.of(before), List.of(), "apt: " + e.getMessage());
        }
        applied.upgraded().forEach(u -> settings.progress().step(h.shortName(), "upgraded " + u));
        if (!applied.restarted().isEmpty()) settings.progress().step(h.shortName(), "restarted " + String.join(", ", applied.restarted()));
        boolean rebooted = false;
        if (applied.rebootRequired()) {
            settings.progress().step(h.shortName(), "patch: " + HostPatcher.REBOOT_REQUIRED + " exists, rebooting");
            try {
                hosts.reboot(h);
                rebooted = true;
            } catch (RuntimeException e) {
                return failed(p, start, Optional.of(before), applied.upgraded(), "reboot: " + e.getMessage());
            }
        }
        AtomicReference<HostHealth> last = new AtomicReference<>();
        boolean healthy = Wait.upTo(settings.healthTimeout()).every(Duration.ofSeconds(2)).holds(() -> {
            last.set(hosts.health(h));
            return last.get().healthy();
        });
        String message = applied.needrestart();
        if (healthy && !settings.settle().isZero()) {
            settings.progress().step(h.shortName(), "patch: healthy; settling " + settings.settle().toSeconds() + " s");
            boolean fell = Wait.upTo(settings.settle()).every(settings.settleEvery()).holds(() -> {
                last.set(hosts.health(h));
                return !last.get().healthy();
            });
            healthy = !fell;
            if (fell) message = "unhealthy during the settle time";
        } else if (!healthy) {
            message = "unhealthy " + settings.healthTimeout().toSeconds() + " s after patching" + (rebooted ? " and rebooting" : "");
        }
        HostPatch.Outcome o = healthy ? HostPatch.Outcome.PATCHED : HostPatch.Outcome.UNHEALTHY;
        if (!healthy) message += ": " + HostPatch.describe(Optional.of(last.get())).substring("unhealthy: ".length());
        settings.progress().step(h.shortName(), "patch: " + o.label() + (healthy ? "" : ": " + message));
        return new HostPatch(h.fqdn(), p.role(), p.wave(), o, applied.upgraded(), pending.keptBack(), applied.restarted(), rebooted,
                Optional.of(before), Optional.of(last.get()), since(start), message);
    }

    private HostPatch failed(Placed p, long start, Optional<HostHealth> before, List<PackageUpgrade> upgraded, String why) {
        settings.progress().step(p.host().shortName(), "patch failed: " + why);
        return new HostPatch(p.host().fqdn(), p.role(), p.wave(), HostPatch.Outcome.FAILED, upgraded, List.of(), List.of(), false,
                before, Optional.empty(), since(start), why);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
