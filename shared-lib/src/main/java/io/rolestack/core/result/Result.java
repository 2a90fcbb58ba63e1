package io.rolestack.core.result;

import java.time.Duration;
import java.util.Objects;

/**
 * What one operation did on one host.
 *
 * @param host      host (fqdn or short name)
 * @param operation what was asked ("package nginx", "file /etc/nginx/...", "server create")
 * @param status    ok / changed / failed
 * @param message   one line for people; for failures, the reason
 * @param diff      unified diff (files) or before/after, empty when none
 * @param duration  wall time spent
 */
public record Result(String host, String operation, Status status, String message, String diff, Duration duration) {
    public Result {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        diff = diff == null ? "" : diff;
        duration = duration == null ? Duration.ZERO : duration;
    }

    public static Result ok(String host, String operation, String message) {
        return new Result(host, operation, Status.OK, message, "", Duration.ZERO);
    }

    public static Result changed(String host, String operation, String message, String diff) {
        return new Result(host, operation, Status.CHANGED, message, diff, Duration.ZERO);
    }

    public static Result failed(String host, String operation, String message) {
        return new Result(host, operation, Status.FAILED, message, "", Duration.ZERO);
    }

    public Result took(Duration d) {
        return new Result(host, operation, status, message, diff, d);
    }

    public boolean failed() {
        return status == Status.FAILED;
    }

    public boolean changed() {
        return status == Status.CHANGED;
    }
}
