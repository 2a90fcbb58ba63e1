package io.rolestack.health;

/** A check's outcome: healthy, unhealthy, or only information (reboot required, a check that cannot apply here). */
public enum CheckStatus {
    OK, FAILED, INFO;

    public String label() {
        return name().toLowerCase();
    }
}
