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
 * healthy. Per wave: health first (an unhealthy host is not patched, nor is the
 * rest of its wave), then the hosts are taken out of service
 * ({@link Hosts#takeOut}: drained from the balancers, the database primary moved
 * away); per host apt ({@link HostPatcher}), a reboot when the host asks for one,
 * then its health checks must pass within {@link Settings#healthTimeout} and keep
 * passing for {@link Settings#settle}; then the healthy ones are put back in
 * service. The first host that fails stops the roll: its report says why, later
 * waves are {@code not started}, untouched.
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

        /**
         * Takes the wave's hosts out of service before they are patched (drains them from the balancers
         * in front of them, moves the database primary away) and returns how to put them back. Throws when
         * it cannot, having undone its own part: the wave is then not patched.
         */
        OutOfService takeOut(RollingOrder.Wave wave);

        /** What {@link #takeOut} would do, for a dry run; changes nothing. */
        List<String> wouldTakeOut(RollingOrder.Wave wave);
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
        List<String> notes = new ArrayList<>();
        for (RollingOrder.Wave w : waves) {
            // As a real run: only hosts with something to upgrade are taken out of service.
            List<Host> work = w.hosts().stream().filter(h -> out.stream().anyMatch(p -> p.host().equals(h.fqdn())
                    && (!p.upgrades().isEmpty() || p.reboot()))).toList();
            if (work.isEmpty()) continue;
            try {
                hosts.wouldTakeOut(new RollingOrder.Wave(w.role(), work)).forEach(n -> notes.add("would " + n));
            } catch (RuntimeException e) {
                notes.add("cannot tell how " + w.hosts().stream().map(Host::shortName).toList() + " would be taken out of service: " + e.getMessage());
            }
        }
        return new PatchReport(out, true, Optional.empty(), notes);
    }

    public PatchReport run(List<RollingOrder.Wave> waves) {
        List<HostPatch> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
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
            WaveOutcome done = wave(w, n, notes);
            out.addAll(done.hosts());
            stopped = done.hosts().stream().filter(p -> p.outcome().bad()).findFirst()
                    .map(p -> p.shortName() + " (" + p.message() + ")").or(done::stopped);
        }
        return new PatchReport(out, false, stopped, notes);
    }

    private record WaveOutcome(List<HostPatch> hosts, Optional<String> stopped) {
    }

    /** A host's pending updates, or why apt could not tell. */
    private record AptView(Optional<PendingUpdates> pending, String error) {
    }

    private WaveOutcome wave(RollingOrder.Wave w, int n, List<String> notes) {
        long start = System.nanoTime();
        List<Placed> placed = w.hosts().stream().map(h -> new Placed(h, w.role(), n)).toList();
        List<HostHealth> before = Fanout.run(w.hosts(), w.hosts().size(), hosts::health,
                (h, e) -> HostHealth.unreachable(h.fqdn(), e.getMessage()));
        Optional<Integer> sick = indexes(placed).stream().filter(k -> !before.get(k).healthy()).findFirst();
        if (sick.isPresent()) {
            return new WaveOutcome(eachOf(placed, k -> before.get(k).healthy()
                    ? notStartedBecause(placed.get(k), placed.get(sick.get()), "is unhealthy before patching")
                    : unhealthyBefore(placed.get(k), before.get(k))), Optional.empty());
        }
        // apt's view first: a wave with nothing to upgrade is neither drained nor switched over.
        List<AptView> apt = Fanout.run(placed, placed.size(), p -> new AptView(Optional.of(pending(p)), ""),
                (p, e) -> new AptView(Optional.empty(), String.valueOf(e.getMessage())));
        Optional<Integer> unread = indexes(placed).stream().filter(k -> apt.get(k).pending().isEmpty()).findFirst();
        if (unread.isPresent()) {
            return new WaveOutcome(eachOf(placed, k -> apt.get(k).pending().isEmpty()
                    ? failed(placed.get(k), start, Optional.of(before.get(k)), List.of(), "apt: " + apt.get(k).error())
                    : notStartedBecause(placed.get(k), placed.get(unread.get()), "failed")), Optional.empty());
        }
        List<PendingUpdates> pending = apt.stream().map(v -> v.pending().orElseThrow()).toList();
        List<Integer> work = indexes(placed).stream().filter(k -> !pending.get(k).nothingToDo()).toList();
        OutOfService out = OutOfService.NONE;
        if (!work.isEmpty()) {
            try {
                out = hosts.takeOut(new RollingOrder.Wave(w.role(), work.stream().map(k -> placed.get(k).host()).toList()));
            } catch (RuntimeException e) {
                String why = "taking it out of service: " + e.getMessage();
                return new WaveOutcome(eachOf(placed, k -> failed(placed.get(k), start, Optional.of(before.get(k)), List.of(), why)),
                        Optional.empty());
            }
            note(w, out.notes(), notes);
        }
        List<HostPatch> done = Fanout.run(indexes(placed), placed.size(), k -> patch(placed.get(k), start, before.get(k), pending.get(k)),
                (k, e) -> failed(placed.get(k), start, Optional.of(before.get(k)), List.of(), e.getMessage()));
        if (work.isEmpty()) return new WaveOutcome(done, Optional.empty());
        List<Host> healthy = work.stream().filter(k -> !done.get(k).outcome().bad()).map(k -> placed.get(k).host()).toList();
        try {
            note(w, out.putBack(healthy), notes);
            return new WaveOutcome(done, Optional.empty());
        } catch (RuntimeException e) {
            String why = "putting " + healthy.stream().map(Host::shortName).toList() + " back in service failed: " + e.getMessage();
            note(w, List.of(why), notes);
            return new WaveOutcome(done, Optional.of(w.hosts().get(0).shortName() + " (" + why + ")"));
        }
    }

    private PendingUpdates pending(Placed p) {
        try (Remote r = hosts.open(p.host())) {
            return patcher.pending(r);
        }
    }

    private static List<Integer> indexes(List<?> list) {
        return java.util.stream.IntStream.range(0, list.size()).boxed().toList();
    }

    private static List<HostPatch> eachOf(List<Placed> placed, java.util.function.IntFunction<HostPatch> f) {
        return java.util.stream.IntStream.range(0, placed.size()).mapToObj(f).toList();
    }

    private HostPatch notStartedBecause(Placed p, Placed culprit, String what) {
        return HostPatch.notStarted(p.host().fqdn(), p.role(), p.wave(), "not started: " + culprit.host().shortName() + " of its wave " + what);
    }

    private void note(RollingOrder.Wave w, List<String> lines, List<String> notes) {
        for (String line : lines) {
            settings.progress().step(w.hosts().get(0).shortName(), "patch: " + line);
            notes.add(line);
        }
    }

    private HostPatch unhealthyBefore(Placed p, HostHealth before) {
        settings.progress().step(p.host().shortName(), "patch: unhealthy before patching; not patched, the roll stops here");
        return new HostPatch(p.host().fqdn(), p.role(), p.wave(), HostPatch.Outcome.UNHEALTHY, List.of(), List.of(), List.of(), false,
                Optional.of(before), Optional.empty(), Duration.ZERO,
                "unhealthy before patching, not patched: " + HostPatch.describe(Optional.of(before)).substring("unhealthy: ".length()));
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

    /** One host of a wave that was healthy ({@code before}) and, when it has upgrades, is out of service. */
    private HostPatch patch(Placed p, long start, HostHealth before, PendingUpdates pending) {
        Host h = p.host();
        if (pending.nothingToDo()) {
            settings.progress().step(h.shortName(), "patch: up to date");
            return new HostPatch(h.fqdn(), p.role(), p.wave(), HostPatch.Outcome.UP_TO_DATE, List.of(), pending.keptBack(), List.of(),
                    false, Optional.of(before), Optional.of(before), since(start), "");
        }
        HostPatcher.Applied applied;
        try (Remote r = hosts.open(h)) {
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
