package io.rolestack.health;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.Fanout;
import io.rolestack.core.remote.Remote;
import io.rolestack.health.probe.HealthScript;
import io.rolestack.health.probe.Probe;

import io.rolestack.core.wait.Wait;
import io.rolestack.health.repair.HostRepair;
import io.rolestack.health.repair.RepairPolicy;
import io.rolestack.role.watch.WatchedService;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks many hosts at once: per host, one script with all its checks in one
 * SSH round trip; hosts in parallel. A host that cannot be reached fails alone
 * (one failed {@value HostHealth#SSH} check); the others are still checked.
 * With a {@link RepairPolicy}, a host's failed checks are acted on (restart,
 * Monit re-arm) and checked again: its report holds the actions, then the
 * checks as they are after them.
 */
public final class HealthChecker {
    /** Per host, for the whole script; every network check inside is bounded much tighter. */
    public static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);

    /** After a repair, how long the checks it should fix get to pass again (a service starting, Monit re-arming). */
    public static final Duration SETTLE = Duration.ofSeconds(30);

    private final Function<Host, Remote> remotes;
    private final int parallelism;
    private final Progress progress;
    private final HostRepair repair;

    public HealthChecker(Function<Host, Remote> remotes, int parallelism, Progress progress, RepairPolicy policy) {
        this.remotes = Objects.requireNonNull(remotes, "remotes");
        this.parallelism = parallelism;
        this.progress = Objects.requireNonNull(progress, "progress");
        this.repair = new HostRepair(policy);
    }

    /** One host, what to check on it, and the services a repair may restart there. */
    public record Target(Host host, List<Probe> probes, List<WatchedService> watched) {
        public Target {
            Objects.requireNonNull(host, "host");
            probes = List.copyOf(probes);
            watched = List.copyOf(watched);
        }
    }

    public HealthReport check(List<Target> targets) {
        return new HealthReport(Fanout.run(targets, parallelism, this::checkOne,
                (t, e) -> HostHealth.unreachable(t.host().fqdn(), String.valueOf(e.getMessage()))));
    }

    private HostHealth checkOne(Target t) {
        Host h = t.host();
        progress.step(h.shortName(), "health: " + t.probes().size() + " checks");
        Remote remote;
        List<CheckResult> results;
        try {
            remote = remotes.apply(h);
            results = runChecks(remote, t.probes());
            if (repair.wouldAct(results, t.watched())) {
                List<CheckResult> actions = repair.repair(remote, results, t.watched());
                actions.forEach(a -> progress.step(h.shortName(), a.name() + ": " + a.seen()));
                results = concat(actions, recheck(remote, t, results));
            }
        } catch (RuntimeException e) {
            progress.step(h.shortName(), "unreachable: " + e.getMessage());
            return HostHealth.unreachable(h.fqdn(), String.valueOf(e.getMessage()));
        }
        HostHealth health = new HostHealth(h.fqdn(), results);
        long failed = results.stream().filter(CheckResult::failed).count();
        progress.step(h.shortName(), failed == 0 ? "healthy" : failed + " check(s) failed");
        return health;
    }

    private static List<CheckResult> runChecks(Remote remote, List<Probe> probes) {
        ExecResult r = remote.exec(Command.sudo(HealthScript.build(probes)).withTimeout(SCRIPT_TIMEOUT));
        List<CheckResult> results = HealthScript.parse(r.stdout(), probes);
        if (!r.ok() && results.stream().anyMatch(c -> c.name().equals(HealthScript.SCRIPT_CHECK))) {
            // The script itself failed (sudo refused, no shell): say why, not only that output is missing.
            return List.of(CheckResult.failed(HealthScript.SCRIPT_CHECK, "the checks run (exit 0)",
                    "exit " + r.exitCode() + (r.stderr().isBlank() ? "" : ": " + Probe.shorten(r.stderr().strip()))));
        }
        return results;
    }

    /**
     * The checks again after a repair, until the ones that had failed pass or
     * {@link #SETTLE} is over: a restarted service may take a moment to listen.
     */
    private static List<CheckResult> recheck(Remote remote, Target t, List<CheckResult> before) {
        Set<String> failedBefore = before.stream().filter(CheckResult::failed).map(CheckResult::name).collect(Collectors.toSet());
        AtomicReference<List<CheckResult>> last = new AtomicReference<>();
        Wait.upTo(SETTLE).every(Duration.ofSeconds(1)).holds(() -> {
            last.set(runChecks(remote, t.probes()));
            return last.get().stream().noneMatch(c -> c.failed() && failedBefore.contains(c.name()));
        });
        return last.get();
    }

    private static List<CheckResult> concat(List<CheckResult> a, List<CheckResult> b) {
        List<CheckResult> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
