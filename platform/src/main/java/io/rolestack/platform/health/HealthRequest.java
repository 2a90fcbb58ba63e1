package io.rolestack.platform.health;

import io.rolestack.health.Thresholds;
import io.rolestack.platform.InvalidRequestException;

import java.util.Objects;

/**
 * A health run ({@code rolestack health}) over the selected hosts
 * ({@link io.rolestack.platform.PlatformOptions#limit()}).
 *
 * @param thresholds limits of disk, inode and memory use and of replica lag
 */
public record HealthRequest(Thresholds thresholds) {
    public HealthRequest {
        Objects.requireNonNull(thresholds, "thresholds");
    }

    public static HealthRequest defaults() {
        return new HealthRequest(Thresholds.defaults());
    }

    /** Checked here, so a bad limit is refused as bad input (exit 2) before any host is reached. */
    public static HealthRequest of(int diskPercent, int inodePercent, int memoryAvailablePercent, int maxLagSeconds) {
        try {
            return new HealthRequest(new Thresholds(diskPercent, inodePercent, memoryAvailablePercent, maxLagSeconds));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("health: " + e.getMessage());
        }
    }
}
