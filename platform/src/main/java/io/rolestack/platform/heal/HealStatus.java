package io.rolestack.platform.heal;

/** What {@code rolestack heal} found and did for one host. */
public enum HealStatus {
    /** SSH from this machine works (perhaps after some failed probes). */
    HEALTHY("healthy"),
    /** Failing, but not dead by the rule (fewer failed probes in a row than asked, or port 22 answers the jump host). */
    SUSPECT("suspect"),
    /** Dead, hard-rebooted through the provider, ACTIVE and reachable over SSH again. */
    REBOOTED("rebooted"),
    /** Dead or unknown, and not rebooted on purpose: the jump host is down, the per-run limit, or the per-host interval. */
    REFUSED("refused"),
    /** The provider has no such host, the reboot failed, or the host did not come back. */
    FAILED("failed");

    private final String label;

    HealStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Healthy or healed: nothing left for a person to do. */
    public boolean fine() {
        return this == HEALTHY || this == REBOOTED;
    }
}
