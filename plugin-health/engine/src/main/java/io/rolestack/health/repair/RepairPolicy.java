package io.rolestack.health.repair;

import java.time.Duration;
import java.util.Objects;

/**
 * What a health run does about what it finds, beyond reporting it.
 *
 * @param restart         restart a watched service whose process or port check failed, then check again
 * @param rearm           re-arm services Monit gave up on ({@code monit monitor all}); harmless, so on by default
 * @param restartInterval a service restarted by a health run is not restarted again before this has passed
 *                        (kept on the host, so every machine that runs rolestack sees the same limit)
 */
public record RepairPolicy(boolean restart, boolean rearm, Duration restartInterval) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);

    public RepairPolicy {
        Objects.requireNonNull(restartInterval, "restartInterval");
        if (restartInterval.toMinutes() < 1) {
            throw new IllegalArgumentException("restart interval must be at least 1 minute, got " + restartInterval);
        }
    }

    public static RepairPolicy reportOnly() {
        return new RepairPolicy(false, false, DEFAULT_INTERVAL);
    }

    public static RepairPolicy defaults() {
        return new RepairPolicy(false, true, DEFAULT_INTERVAL);
    }

    public boolean any() {
        return restart || rearm;
    }
}
