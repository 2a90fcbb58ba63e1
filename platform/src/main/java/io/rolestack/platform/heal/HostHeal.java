package io.rolestack.platform.heal;

import io.rolestack.core.result.Result;

import java.util.Objects;

/**
 * One host's heal result.
 *
 * @param host         the host's fqdn
 * @param status       what was found and done
 * @param failedProbes probes in a row at the end of the run that found it dead (SSH from here and port 22 from the jump host both failing)
 * @param probes       probes made
 * @param message      why, in words (what failed, what the provider said, how long it took to come back)
 */
public record HostHeal(String host, HealStatus status, int failedProbes, int probes, String message) {
    public HostHeal {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }

    public String shortName() {
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }

    /** As a platform result: rebooted is a change, healthy is ok, everything else failed. */
    public Result toResult() {
        return switch (status) {
            case HEALTHY -> Result.ok(host, "heal", message);
            case REBOOTED -> Result.changed(host, "heal", message, "");
            default -> Result.failed(host, "heal", status.label() + ": " + message);
        };
    }
}
