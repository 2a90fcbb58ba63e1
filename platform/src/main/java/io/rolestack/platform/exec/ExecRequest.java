package io.rolestack.platform.exec;

import io.rolestack.platform.InvalidRequestException;

import java.time.Duration;
import java.util.Objects;

/**
 * An ad-hoc command for the selected hosts ({@code rolestack exec}), as ops
 * people use {@code salt '*' cmd.run} or {@code ansible -m shell}.
 *
 * @param command the shell command line, run by {@code /bin/sh -c} on each host; it is logged, so no secrets
 * @param timeout per host; past it the command is killed and that host fails (1 s .. 24 h)
 * @param asRoot  through {@code sudo -n} when the SSH user is not root
 */
public record ExecRequest(String command, Duration timeout, boolean asRoot) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public ExecRequest {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(timeout, "timeout");
        if (command.isBlank()) throw new InvalidRequestException("exec: the command is empty");
        if (command.indexOf('\0') >= 0) throw new InvalidRequestException("exec: the command contains a NUL byte");
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofHours(24)) > 0) {
            throw new InvalidRequestException("exec: timeout must be between 1 s and 24 h, was " + timeout.toSeconds() + " s");
        }
    }

    public static ExecRequest of(String command) {
        return new ExecRequest(command, DEFAULT_TIMEOUT, false);
    }

    public ExecRequest withTimeout(Duration t) {
        return new ExecRequest(command, t, asRoot);
    }

    public ExecRequest withRoot(boolean root) {
        return new ExecRequest(command, timeout, root);
    }
}
