package io.rolestack.platform.patch;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.RemoteException;
import io.rolestack.core.result.Result;
import io.rolestack.core.wait.Wait;
import io.rolestack.health.HealthChecker;
import io.rolestack.health.HostHealth;
import io.rolestack.health.Thresholds;
import io.rolestack.health.probe.HostProbes;
import io.rolestack.health.repair.RepairPolicy;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.patch.OutOfService;
import io.rolestack.patch.PatchRoll;
import io.rolestack.patch.RollingOrder;
import io.rolestack.platform.PlatformContext;
import io.rolestack.role.catalog.Role;
import io.rolestack.role.ops.Capability;
import io.rolestack.role.watch.WatchedService;
import io.rolestack.vm.VmProvider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The platform side of a roll: SSH sessions through the jump host, each host's
 * health checks as its roles declare them (as {@code rolestack health} runs
 * them, report-only: a patch run restarts nothing to look healthy), and reboots.
 * A real VM reboots softly ({@code systemctl reboot}) and counts as back when it
 * answers SSH with a new boot id; a local host is hard-rebooted through its
 * provider, which restarts only its sshd, so its watched services and Monit are
 * then started as its boot would. Out of service means drained from the
 * balancers ({@link BalancerDrain}) and, for the database primary, the primary
 * role moved away ({@link PrimaryHandover}).
 */
final class PlatformPatchHosts implements PatchRoll.Hosts {
    static final Duration REBOOT_TIMEOUT = Duration.ofMinutes(10);
    private static final String BOOT_ID = "cat /proc/sys/kernel/random/boot_id";

    private final PlatformContext context;
    private final VmProvider provider;
    private final PlatformAccess access;
    private final Progress progress;
    private final BalancerDrain drain;
    private final PrimaryHandover handover;

    PlatformPatchHosts(PlatformContext context, VmProvider provider, PlatformAccess access, PlatformSpec.Patching patching) {
        this.context = context;
        this.provider = provider;
        this.access = access;
        this.progress = context.options().progress();
        this.drain = new BalancerDrain(context, access, patching.drainTimeout());
        this.handover = new PrimaryHandover(context, access, patching.switchBack());
    }

    @Override
    public OutOfService takeOut(RollingOrder.Wave wave) {
        OutOfService drained = drain.drain(wave.hosts());
        OutOfService moved;
        try {
            moved = handover.handOver(wave.hosts());
        } catch (RuntimeException e) {
            drained.putBack(wave.hosts());
            throw e;
        }
        return new OutOfService() {
            @Override
            public List<String> notes() {
                List<String> out = new ArrayList<>(drained.notes());
                out.addAll(moved.notes());
                return out;
            }

            @Override
            public List<String> putBack(List<Host> healthy) {
                List<String> out = new ArrayList<>(moved.putBack(healthy));
                out.addAll(drained.putBack(healthy));
                return out;
            }
        };
    }

    @Override
    public List<String> wouldTakeOut(RollingOrder.Wave wave) {
        List<String> out = new ArrayList<>(drain.wouldDrain(wave.hosts()));
        out.addAll(handover.wouldHandOver(wave.hosts()));
        return out;
    }

    @Override
    public Remote open(Host host) {
        return access.apply(host);
    }

    @Override
    public HostHealth health(Host host) {
        List<Role> roles = context.catalog().rolesFor(host.name());
        int replicas = context.spec().database().map(d -> d.replicas().size()).orElse(0);
        HealthChecker.Target t = new HealthChecker.Target(host, HostProbes.of(host, roles, replicas, Thresholds.defaults(),
                context.deployOptions().capabilities().contains(Capability.CLOCK)), WatchedService.of(roles));
        return new HealthChecker(access, 1, progress, RepairPolicy.reportOnly()).check(List.of(t)).hosts().get(0);
    }

    @Override
    public void reboot(Host host) {
        if (context.localHosts()) {
            Result r = provider.hardReboot(host.name(), progress);
            if (r.failed()) throw new RemoteException(host.shortName(), "reboot failed: " + r.message());
            // The local host's boot starts its enabled services (rc2.d) beside sshd, as a VM's would;
            // the health gate that follows waits for them.
            awaitSsh(host, Optional.empty());
            return;
        }
        String before;
        try (Remote r = access.apply(host)) {
            before = r.run(BOOT_ID).stdout().strip();
            // In the background, so the command returns before sshd goes down.
            r.run(Command.sudo("nohup sh -c 'sleep 2; systemctl reboot' >/dev/null 2>&1 &"));
        }
        awaitSsh(host, Optional.of(before));
    }

    /** Until the host answers SSH (with another boot id than {@code before}, when given). */
    private void awaitSsh(Host host, Optional<String> before) {
        progress.step(host.shortName(), "patch: waiting for SSH after the reboot");
        Wait.upTo(REBOOT_TIMEOUT).every(Duration.ofSeconds(2)).until(() -> {
            try (Remote r = access.apply(host)) {
                String id = r.run(BOOT_ID).stdout().strip();
                return before.map(b -> !b.equals(id)).orElse(true);
            } catch (RuntimeException notYet) {
                return false;
            }
        }, () -> new RemoteException(host.shortName(), "no SSH answer " + REBOOT_TIMEOUT.toMinutes() + " min after the reboot"));
    }
}
