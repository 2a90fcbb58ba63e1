package io.rolestack.platform.heal;

import io.rolestack.core.inventory.Host;
import io.rolestack.vm.VmProvider;

import java.time.Duration;
import java.util.Optional;

/**
 * How {@code heal} tells a dead host from a live one. Each probe is a fresh attempt, bounded by the
 * probe timeout; a probe answers empty when it succeeded, else why it failed. The production probes
 * are {@link SshHealProbes}; a test of the heal logic against a simulated cloud passes its own, backed
 * by real sockets.
 */
public interface HealProbes extends AutoCloseable {
    /** Empty when this machine logs in to the jump host over SSH and runs a command there. */
    Optional<String> jumpDown();

    /** Empty when an SSH login to {@code host} from this machine (through the jump host) runs a command. */
    Optional<String> sshDown(Host host);

    /**
     * Empty when {@code host}'s port 22 accepts a TCP connection made from the jump host.
     *
     * @throws JumpDownException when the jump host could not be asked
     */
    Optional<String> portDownFromJump(Host host);

    @Override
    default void close() {
    }

    /** Opens the probes for one run, over the run's provider. */
    @FunctionalInterface
    interface Opener {
        HealProbes open(VmProvider provider, Duration probeTimeout);
    }

    /** The jump host did not answer while a probe needed it: nothing can be concluded about the host probed. */
    final class JumpDownException extends RuntimeException {
        public JumpDownException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
