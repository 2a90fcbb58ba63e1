package io.rolestack.platform.app;

import io.rolestack.platform.InvalidRequestException;

import java.time.Duration;
import java.util.Optional;

/**
 * Which app ({@code empty}: every app of the spec), for a rollback which release ({@code empty}: the good one made
 * current before the current one), and how long a switched release gets to answer its health check.
 */
public record AppRequest(Optional<String> app, Optional<String> to, Duration healthTimeout) {
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(30);

    public AppRequest {
        if (healthTimeout.isNegative() || healthTimeout.isZero() || healthTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidRequestException("health timeout must be 1 s to 1 h, was " + healthTimeout.toSeconds() + " s");
        }
        to.ifPresent(id -> {
            if (!id.matches("[0-9a-f]{16}")) throw new InvalidRequestException("--to '" + id + "' is not a release id (16 hex digits)");
        });
    }

    public static AppRequest all() {
        return new AppRequest(Optional.empty(), Optional.empty(), DEFAULT_HEALTH_TIMEOUT);
    }

    public static AppRequest of(String app) {
        return new AppRequest(Optional.of(app), Optional.empty(), DEFAULT_HEALTH_TIMEOUT);
    }

    public AppRequest to(String release) {
        return new AppRequest(app, Optional.of(release), healthTimeout);
    }

    public AppRequest withHealthTimeout(Duration d) {
        return new AppRequest(app, to, d);
    }
}
