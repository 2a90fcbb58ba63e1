package io.rolestack.platform.health;

import io.rolestack.health.Thresholds;
import io.rolestack.health.repair.RepairPolicy;
import io.rolestack.platform.InvalidRequestException;

import java.time.Duration;
import java.util.Objects;

/**
 * A health run ({@code rolestack health}) over the selected hosts
 * ({@link io.rolestack.platform.PlatformOptions#limit()}).
 *
 * @param thresholds limits of disk, inode and memory use and of replica lag
 * @param repair     what the run does about failures: by default it re-arms services Monit gave up on;
 *                   {@link #withRestart} also restarts failed services (once per interval) and checks again
 */
public record HealthRequest(Thresholds thresholds, RepairPolicy repair) {
    public HealthRequest {
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(repair, "repair");
    }

    public static HealthRequest defaults() {
        return new HealthRequest(Thresholds.defaults(), RepairPolicy.defaults());
    }

    /** Checked here, so a bad limit is refused as bad input (exit 2) before any host is reached. */
    public static HealthRequest of(int diskPercent, int inodePercent, int memoryAvailablePercent, int maxLagSeconds) {
        try {
            return new HealthRequest(new Thresholds(diskPercent, inodePercent, memoryAvailablePercent, maxLagSeconds),
                    RepairPolicy.defaults());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("health: " + e.getMessage());
        }
    }

    /** Restart failed services (at most once per {@code interval} each), then check again. */
    public HealthRequest withRestart(boolean restart, Duration interval) {
        try {
            return new HealthRequest(thresholds, new RepairPolicy(restart, repair.rearm(), interval));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("health: " + e.getMessage());
        }
    }

    /** Only report: no Monit re-arm, no restart. */
    public HealthRequest reportOnly() {
        return new HealthRequest(thresholds, RepairPolicy.reportOnly());
    }
}
