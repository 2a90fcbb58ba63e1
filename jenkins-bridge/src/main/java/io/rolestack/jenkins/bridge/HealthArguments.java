package io.rolestack.jenkins.bridge;

import java.io.Serializable;

/**
 * The options of {@code rolestackHealth} (unset = null: the CLI's defaults), as
 * plain serializable values; {@link Requests#health()} checks them.
 *
 * @param diskPercent            fail a host with a file system this full or fuller ({@code --max-disk}, default 90)
 * @param inodePercent           fail a host with a file system using this share of its inodes or more ({@code --max-inodes}, default 90)
 * @param memoryAvailablePercent fail a host with less memory available than this share ({@code --min-memory}, default 5)
 * @param maxLagSeconds          fail a replica this far behind its primary or further ({@code --max-lag}, default 60)
 * @param junit                  the JUnit XML file, relative to the workspace ({@code --junit}, default {@value Requests#DEFAULT_JUNIT})
 * @param restart                restart failed services once, then check again ({@code --restart}, default false)
 * @param restartIntervalMinutes a service is restarted by health runs at most once per this many minutes
 *                               ({@code --restart-interval}, default 10)
 * @param reportOnly             change nothing on the hosts, not even re-arm Monit ({@code --report-only}, default false)
 */
public record HealthArguments(Integer diskPercent, Integer inodePercent, Integer memoryAvailablePercent, Integer maxLagSeconds,
                              String junit, Boolean restart, Integer restartIntervalMinutes, Boolean reportOnly)
        implements Serializable {
    /** Thresholds and report file only: no restart, Monit re-armed. */
    public HealthArguments(Integer diskPercent, Integer inodePercent, Integer memoryAvailablePercent, Integer maxLagSeconds,
                           String junit) {
        this(diskPercent, inodePercent, memoryAvailablePercent, maxLagSeconds, junit, null, null, null);
    }

    public static HealthArguments none() {
        return new HealthArguments(null, null, null, null, null);
    }
}
