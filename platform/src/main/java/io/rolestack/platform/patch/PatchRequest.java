package io.rolestack.platform.patch;

import io.rolestack.platform.InvalidRequestException;

import java.time.Duration;
import java.util.Objects;

/**
 * A patch run ({@code rolestack patch}) over the selected hosts
 * ({@link io.rolestack.platform.PlatformOptions#limit()}); the spec's
 * {@code patching:} block gives concurrency, settle time and lock TTL.
 *
 * @param dryRun        only list each host's upgradable packages and whether a reboot would follow
 * @param healthTimeout how long a patched (rebooted) host gets to pass its health checks
 * @param dpkgLockWait  how long apt waits for the dpkg lock (unattended-upgrades) before failing the host
 */
public record PatchRequest(boolean dryRun, Duration healthTimeout, Duration dpkgLockWait) {
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofMinutes(3);
    public static final Duration DEFAULT_DPKG_LOCK_WAIT = Duration.ofMinutes(10);

    public PatchRequest {
        Objects.requireNonNull(healthTimeout, "healthTimeout");
        Objects.requireNonNull(dpkgLockWait, "dpkgLockWait");
        if (healthTimeout.isNegative() || healthTimeout.isZero()) {
            throw new InvalidRequestException("patch: the health timeout must be positive, was " + healthTimeout.toSeconds() + " s");
        }
        if (dpkgLockWait.isNegative()) throw new InvalidRequestException("patch: the dpkg lock wait must not be negative");
    }

    public static PatchRequest defaults() {
        return new PatchRequest(false, DEFAULT_HEALTH_TIMEOUT, DEFAULT_DPKG_LOCK_WAIT);
    }

    public PatchRequest withDryRun(boolean dry) {
        return new PatchRequest(dry, healthTimeout, dpkgLockWait);
    }
}
