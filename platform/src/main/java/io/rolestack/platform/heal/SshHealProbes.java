package io.rolestack.platform.heal;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.core.remote.Shell;

import java.time.Duration;
import java.util.Optional;

/**
 * The real probes: SSH through the platform's access, every probe over a new connection (one connect
 * attempt, a short timeout), so that an old session neither hides a dead host nor a dead one a live host.
 * The TCP probe runs bash's {@code /dev/tcp} on the jump host (bash and coreutils' timeout are on every
 * Debian image, netcat is not).
 */
public final class SshHealProbes implements HealProbes {
    private final PlatformAccess access;
    private final Duration timeout;

    /** Over {@code access} (closed with these probes). */
    public SshHealProbes(PlatformAccess access, Duration timeout) {
        this.access = access;
        this.timeout = timeout;
    }

    @Override
    public Optional<String> jumpDown() {
        try (PlatformAccess probe = fresh()) {
            ExecResult r = probe.apply(probe.jump()).exec(command("true"));
            return r.exitCode() == 0 ? Optional.empty() : Optional.of("a command there exited " + r.exitCode());
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    @Override
    public Optional<String> sshDown(Host host) {
        try (PlatformAccess probe = fresh()) {
            ExecResult r = probe.apply(host).exec(command("true"));
            return r.exitCode() == 0 ? Optional.empty() : Optional.of("SSH login ran, but a command exited " + r.exitCode());
        } catch (RuntimeException e) {
            return Optional.of("SSH: " + e.getMessage());
        }
    }

    @Override
    public Optional<String> portDownFromJump(Host host) {
        long seconds = Math.max(1, timeout.toSeconds() - 1);
        String script = "timeout " + seconds + " bash -c 'exec 3<>/dev/tcp/\"$0\"/22' " + Shell.quote(host.privateIp());
        ExecResult r;
        try (PlatformAccess probe = fresh()) {
            r = probe.apply(probe.jump()).exec(command(script));
        } catch (RuntimeException e) {
            throw new JumpDownException("the jump host did not run the TCP probe of " + host.privateIp() + ":22: " + e.getMessage(), e);
        }
        if (r.exitCode() == 0) return Optional.empty();
        return Optional.of("TCP " + host.privateIp() + ":22 from the jump host: "
                + (r.exitCode() == 124 ? "no answer in " + seconds + " s" : "refused or unreachable"));
    }

    private Command command(String script) {
        return new Command(script, null, timeout, false);
    }

    private PlatformAccess fresh() {
        return access.with(s -> s.withConnectTimeout(timeout).withAttempts(1, Duration.ofMillis(100)));
    }

    @Override
    public void close() {
        access.close();
    }
}
