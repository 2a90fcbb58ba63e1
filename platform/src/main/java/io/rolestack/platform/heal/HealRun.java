package io.rolestack.platform.heal;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.Fanout;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.Status;
import io.rolestack.core.wait.Wait;
import io.rolestack.platform.PlatformContext;
import io.rolestack.platform.provider.Providers;
import io.rolestack.vm.VmProvider;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The heal operation. Probes every selected host (SSH from this machine; when that fails, TCP to its port 22
 * from the jump host), up to {@code attempts} times, {@code probeInterval} apart; a host for which both failed
 * every time is dead. Nothing is rebooted when the jump host does not answer (then nothing can be told about
 * the others). Dead hosts are hard-rebooted through the provider, at most {@code maxReboots} per run and each at
 * most once per {@code minInterval} (kept in a {@link RebootLog}); each is then waited for (ACTIVE, then SSH)
 * and checked again.
 */
public final class HealRun {
    private final PlatformContext context;
    private final HealProbes.Opener opener;

    public HealRun(PlatformContext context, HealProbes.Opener opener) {
        this.context = context;
        this.opener = opener;
    }

    /** The reboot log of a spec when the request names none: the local environment's state directory, else ~/.config/rolestack/state/ENV. */
    public static Path defaultRebootLog(PlatformContext context) {
        String env = context.spec().environment();
        Path dir = context.localHosts()
                ? Providers.localSettings(context.spec()).stateRoot().resolve(env)
                : Path.of(System.getProperty("user.home"), ".config", "rolestack", "state", env);
        return dir.resolve("heal-reboots");
    }

    public HealReport run(HealRequest request) {
        // Platform.open has refused a limit that selects no host.
        List<HostName> selected = context.selectedHosts();
        HostName jumpName = context.spec().jump();
        RebootLog log = RebootLog.load(request.rebootLog().orElseGet(() -> defaultRebootLog(context)));
        Map<String, HostHeal> results = new LinkedHashMap<>();
        selected.forEach(n -> results.put(n.fqdn(), null)); // keeps the spec's order
        try (VmProvider provider = context.openProvider(); HealProbes probes = opener.open(provider, request.probeTimeout())) {
            Map<String, Host> running = provider.list(context.spec().environment()).hosts().stream()
                    .collect(Collectors.toMap(Host::fqdn, Function.identity(), (a, b) -> a));
            List<Suspect> suspects = new ArrayList<>();
            for (HostName n : selected) {
                Host h = running.get(n.fqdn());
                if (h == null) {
                    results.put(n.fqdn(), new HostHeal(n.fqdn(), HealStatus.FAILED, 0, 0,
                            "the provider has no such host (heal reboots, it does not create: rolestack vm create)"));
                } else if (!n.equals(jumpName)) {
                    suspects.add(new Suspect(h));
                }
            }
            Optional<String> jumpDown = probeRounds(request, probes, suspects);
            if (selected.contains(jumpName) && running.containsKey(jumpName.fqdn())) {
                results.put(jumpName.fqdn(), jumpDown.isEmpty()
                        ? new HostHeal(jumpName.fqdn(), HealStatus.HEALTHY, 0, 1, "jump host: SSH ok")
                        : new HostHeal(jumpName.fqdn(), HealStatus.REFUSED, 1, 1, "jump host unreachable from this machine ("
                        + jumpDown.get() + "); heal never reboots the jump host: check it, its floating IP and the route to it"));
            }
            if (jumpDown.isPresent()) {
                for (Suspect s : suspects) {
                    results.put(s.host.fqdn(), new HostHeal(s.host.fqdn(), HealStatus.REFUSED, s.failed, s.probes,
                            "not rebooted: the jump host is unreachable (" + jumpDown.get() + "), so whether this host is dead cannot be told"));
                }
                return report(results);
            }
            List<Suspect> dead = new ArrayList<>();
            for (Suspect s : suspects) {
                if (s.alive) {
                    results.put(s.host.fqdn(), new HostHeal(s.host.fqdn(), HealStatus.HEALTHY, 0, s.probes,
                            s.probes == 1 ? "SSH ok" : "SSH ok at probe " + s.probes + " (" + (s.probes - 1) + " failed before: " + s.why + ")"));
                } else if (s.failed < request.attempts()) {
                    results.put(s.host.fqdn(), new HostHeal(s.host.fqdn(), HealStatus.SUSPECT, s.failed, s.probes,
                            "not dead by the rule (" + s.failed + " of " + request.attempts() + " probes in a row failed both ways): " + s.why));
                } else {
                    dead.add(s);
                }
            }
            reboot(request, provider, probes, log, dead).forEach(h -> results.put(h.host(), h));
            return report(results);
        }
    }

    private static HealReport report(Map<String, HostHeal> results) {
        return new HealReport(List.copyOf(results.values()));
    }

    /**
     * Probes the suspects, {@code attempts} rounds at most, {@code probeInterval} apart; each round first asks the jump
     * host. Returns why the jump host is down, when it was at a round (that ends the probing).
     */
    private Optional<String> probeRounds(HealRequest request, HealProbes probes, List<Suspect> suspects) {
        Progress progress = context.options().progress();
        AtomicInteger rounds = new AtomicInteger();
        AtomicReference<String> jumpDown = new AtomicReference<>();
        // A round can take a few probe timeouts (jump, SSH, TCP) plus the jump host's 10 s to open a channel to a dead
        // host: the deadline leaves room for every round; one it cuts short leaves hosts suspect, never rebooted.
        Duration perRound = request.probeInterval().plus(request.probeTimeout().multipliedBy(4)).plusSeconds(15);
        Wait.upTo(perRound.multipliedBy(request.attempts() - 1L)).every(request.probeInterval()).holds(() -> {
            int round = rounds.incrementAndGet();
            Optional<String> jump = probes.jumpDown();
            if (jump.isPresent()) {
                progress.step(context.spec().jump().shortName(), "jump host unreachable: " + jump.get());
                jumpDown.set(jump.get());
                return true;
            }
            List<Suspect> open = suspects.stream().filter(s -> !s.alive).toList();
            List<String> jumpFailures = Fanout.run(open, context.options().parallelism(), s -> probe(s, probes, progress, round),
                    (s, e) -> e instanceof HealProbes.JumpDownException ? e.getMessage() : probeError(s, e));
            jumpFailures.stream().filter(f -> f != null).findFirst().ifPresent(jumpDown::set);
            return jumpDown.get() != null || round >= request.attempts() || suspects.stream().allMatch(s -> s.alive);
        });
        return Optional.ofNullable(jumpDown.get());
    }

    /** One probe of one host; returns why the jump host failed it, null otherwise. */
    private static String probe(Suspect s, HealProbes probes, Progress progress, int round) {
        s.probes++;
        Optional<String> ssh = probes.sshDown(s.host);
        if (ssh.isEmpty()) {
            s.alive = true;
            return null;
        }
        Optional<String> port = probes.portDownFromJump(s.host);
        if (port.isPresent()) {
            s.failed++;
            s.why = ssh.get() + "; " + port.get();
        } else {
            s.failed = 0; // not dead: something answers on port 22
            s.why = ssh.get() + "; but port 22 answers from the jump host";
        }
        progress.step(s.host.shortName(), "probe " + round + ": " + s.why);
        return null;
    }

    private static String probeError(Suspect s, RuntimeException e) {
        s.failed = 0; // a probe that broke proves nothing
        s.why = "the probe failed: " + e.getMessage();
        return null;
    }

    /** Reboots the dead hosts the limits allow, each waited for (ACTIVE, SSH); one result per dead host. */
    private List<HostHeal> reboot(HealRequest request, VmProvider provider, HealProbes probes, RebootLog log, List<Suspect> dead) {
        Instant now = Instant.now();
        List<HostHeal> out = new ArrayList<>();
        List<Suspect> chosen = new ArrayList<>();
        for (Suspect s : dead) {
            String dying = "dead (" + s.failed + " probes in a row: " + s.why + ")";
            Optional<Instant> last = log.last(s.host.fqdn()).filter(t -> t.plus(request.minInterval()).isAfter(now));
            if (last.isEmpty() && chosen.size() >= request.maxReboots()) {
                out.add(new HostHeal(s.host.fqdn(), HealStatus.REFUSED, s.failed, s.probes, dying + "; not rebooted: "
                        + request.maxReboots() + " host(s) per run at most (--max-reboots)"));
                continue;
            }
            // Binding: under the log's lock, so a run going on beside this one cannot reboot the host too.
            if (last.isEmpty()) last = log.claim(s.host.fqdn(), now, request.minInterval());
            if (last.isPresent()) {
                out.add(new HostHeal(s.host.fqdn(), HealStatus.REFUSED, s.failed, s.probes, dying + "; not rebooted: it was hard-rebooted at "
                        + last.get() + ", less than " + HealRequest.words(request.minInterval()) + " ago (--min-interval); next possible at "
                        + last.get().plus(request.minInterval()) + " (reboot log " + log.file() + ")"));
            } else {
                chosen.add(s);
            }
        }
        out.addAll(Fanout.run(chosen, context.options().parallelism(), s -> rebootOne(request, provider, probes, s),
                (s, e) -> new HostHeal(s.host.fqdn(), HealStatus.FAILED, s.failed, s.probes, "hard reboot failed: " + e.getMessage())));
        return out;
    }

    private HostHeal rebootOne(HealRequest request, VmProvider provider, HealProbes probes, Suspect s) {
        Progress progress = context.options().progress();
        String host = s.host.fqdn();
        progress.step(s.host.shortName(), "dead after " + s.failed + " probes: hard reboot through the " + provider.type() + " provider");
        long start = System.nanoTime();
        Result r = provider.hardReboot(s.host.name(), progress);
        if (r.status() == Status.FAILED) {
            return new HostHeal(host, HealStatus.FAILED, s.failed, s.probes, "hard reboot failed: " + r.message());
        }
        AtomicReference<String> why = new AtomicReference<>("");
        boolean back = Wait.upTo(request.backTimeout()).every(request.probeInterval()).holds(() -> {
            Optional<String> ssh = probes.sshDown(s.host);
            ssh.ifPresent(why::set);
            return ssh.isEmpty();
        });
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        if (!back) {
            return new HostHeal(host, HealStatus.FAILED, s.failed, s.probes, "hard-rebooted (" + r.message() + "), but SSH did not come back within "
                    + HealRequest.words(request.backTimeout()) + ": " + why.get());
        }
        progress.step(s.host.shortName(), "back: SSH ok " + seconds + " s after the hard reboot");
        return new HostHeal(host, HealStatus.REBOOTED, s.failed, s.probes, "dead after " + s.failed + " probes (" + s.why
                + "); hard-rebooted (" + r.message() + "), SSH ok again after " + seconds + " s");
    }

    /** One host being probed; touched by one thread at a time (its own probe task). */
    private static final class Suspect {
        final Host host;
        volatile boolean alive;
        volatile int failed;
        volatile int probes;
        volatile String why = "";

        Suspect(Host host) {
            this.host = host;
        }
    }
}
