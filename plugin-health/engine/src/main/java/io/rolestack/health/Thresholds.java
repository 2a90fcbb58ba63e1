package io.rolestack.health;

/**
 * Limits of the checks that measure something.
 *
 * @param diskPercent            fails at this much of / used, or more
 * @param inodePercent           fails at this much of /'s inodes used, or more
 * @param memoryAvailablePercent fails below this much of memory available
 * @param maxLagSeconds          a replica fails this far behind its primary, or further
 */
public record Thresholds(int diskPercent, int inodePercent, int memoryAvailablePercent, int maxLagSeconds) {
    public Thresholds {
        percent(diskPercent, "diskPercent");
        percent(inodePercent, "inodePercent");
        percent(memoryAvailablePercent, "memoryAvailablePercent");
        if (maxLagSeconds < 0) throw new IllegalArgumentException("maxLagSeconds must be >= 0, was " + maxLagSeconds);
    }

    public static Thresholds defaults() {
        return new Thresholds(90, 90, 5, 60);
    }

    private static void percent(int v, String what) {
        if (v < 1 || v > 100) throw new IllegalArgumentException(what + " must be 1..100, was " + v);
    }
}
