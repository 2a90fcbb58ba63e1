package io.rolestack.jenkins.bridge;

import java.io.Serializable;

/**
 * The options of {@code rolestackHealth} (unset = null: the CLI's defaults), as
 * plain serializable values; {@link Requests#health()} checks them.
 *
 * @param diskPercent            fail a host whose / is this full or fuller ({@code --max-disk}, default 90)
 * @param inodePercent           fail a host that uses this share of /'s inodes or more ({@code --max-inodes}, default 90)
 * @param memoryAvailablePercent fail a host with less memory available than this share ({@code --min-memory}, default 5)
 * @param maxLagSeconds          fail a replica this far behind its primary or further ({@code --max-lag}, default 60)
 * @param junit                  the JUnit XML file, relative to the workspace ({@code --junit}, default {@value Requests#DEFAULT_JUNIT})
 */
public record HealthArguments(Integer diskPercent, Integer inodePercent, Integer memoryAvailablePercent, Integer maxLagSeconds,
                              String junit) implements Serializable {
    public static HealthArguments none() {
        return new HealthArguments(null, null, null, null, null);
    }
}
