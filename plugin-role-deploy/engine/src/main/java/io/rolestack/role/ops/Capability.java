package io.rolestack.role.ops;

import java.util.Set;

/**
 * What the hosts of a run allow. Real VMs have all; the local namespaced hosts
 * share this machine's kernel and clock and cannot reach vendor repositories,
 * so there sysctl values are written but not applied, chrony does not steer the
 * clock, and roles needing vendor apt repositories are skipped — each with the
 * reason in the result.
 */
public final class Capability {
    /** The host has its own kernel: sysctl values may be applied. */
    public static final String OWN_KERNEL = "own-kernel";
    /** The host owns its clock: NTP may step/slew it. */
    public static final String CLOCK = "clock";
    /** The host can reach vendor apt repositories (artifacts.elastic.co, …). */
    public static final String VENDOR_APT = "vendor-apt";

    public static final Set<String> REAL_VM = Set.of(OWN_KERNEL, CLOCK, VENDOR_APT);
    public static final Set<String> LOCAL_HOST = Set.of();

    private Capability() {
    }
}
