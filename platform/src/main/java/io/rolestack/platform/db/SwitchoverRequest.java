package io.rolestack.platform.db;

import io.rolestack.platform.InvalidRequestException;

import java.time.Duration;
import java.util.Objects;

/**
 * Make {@code to} the primary.
 *
 * @param to      the replica to promote (short name or fqdn)
 * @param timeout how long it may take to catch up before the switchover is rolled back (1 s .. 1 h)
 */
public record SwitchoverRequest(String to, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public SwitchoverRequest {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(timeout, "timeout");
        if (to.isBlank()) throw new InvalidRequestException("switchover: the host to promote is empty");
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidRequestException("switchover timeout must be between 1 s and 1 h, was " + timeout.toSeconds() + " s");
        }
    }

    public static SwitchoverRequest to(String host) {
        return new SwitchoverRequest(host, DEFAULT_TIMEOUT);
    }
}
