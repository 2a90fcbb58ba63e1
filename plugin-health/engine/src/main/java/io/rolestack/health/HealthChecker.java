package io.rolestack.health;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.Fanout;
import io.rolestack.core.remote.Remote;
import io.rolestack.health.probe.HealthScript;
import io.rolestack.health.probe.Probe;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Checks many hosts at once: per host, one script with all its checks in one
 * SSH round trip; hosts in parallel. A host that cannot be reached fails alone
 * (one failed {@value HostHealth#SSH} check); the others are still checked.
 */
public final class HealthChecker {
    /** Per host, for the whole script; every network check inside is bounded much tighter. */
    public static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);

    private final Function<Host, Remote> remotes;
    private final int parallelism;
    private final Progress progress;

    public HealthChecker(Function<Host, Remote> remotes, int parallelism, Progress progress) {
        this.remotes = Objects.requireNonNull(remotes, "remotes");
        this.parallelism = parallelism;
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** One host and what to check on it. */
    public record Target(Host host, List<Probe> probes) {
        public Target {
            Objects.requireNonNull(host, "host");
            probes = List.copyOf(probes);
        }
    }

    public HealthReport check(List<Target> targets) {
        return new HealthReport(Fanout.run(targets, parallelism, this::checkOne,
                (t, e) -> HostHealth.unreachable(t.host().fqdn(), String.valueOf(e.getMessage()))));
    }

    private HostHealth checkOne(Target t) {
        Host h = t.host();
        progress.step(h.shortName(), "health: " + t.probes().size() + " checks");
        ExecResult r;
        try {
            r = remotes.apply(h).exec(Command.sudo(HealthScript.build(t.probes())).withTimeout(SCRIPT_TIMEOUT));
        } catch (RuntimeException e) {
            progress.step(h.shortName(), "unreachable: " + e.getMessage());
            return HostHealth.unreachable(h.fqdn(), String.valueOf(e.getMessage()));
        }
        List<CheckResult> results = HealthScript.parse(r.stdout(), t.probes());
        if (!r.ok() && results.stream().anyMatch(c -> c.name().equals(HealthScript.SCRIPT_CHECK))) {
            // The script itself failed (sudo refused, no shell): say why, not only that output is missing.
            results = List.of(CheckResult.failed(HealthScript.SCRIPT_CHECK, "the checks run (exit 0)",
                    "exit " + r.exitCode() + (r.stderr().isBlank() ? "" : ": " + Probe.shorten(r.stderr().strip()))));
        }
        HostHealth health = new HostHealth(h.fqdn(), results);
        long failed = results.stream().filter(CheckResult::failed).count();
        progress.step(h.shortName(), failed == 0 ? "healthy" : failed + " check(s) failed");
        return health;
    }
}
