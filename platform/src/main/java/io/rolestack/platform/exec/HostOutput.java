package io.rolestack.platform.exec;

import io.rolestack.core.result.Result;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the command did on one host.
 *
 * @param host     the host's fqdn
 * @param exitCode the command's exit code; empty when it did not finish (unreachable host, timeout)
 * @param stdout   its standard output
 * @param stderr   its standard error
 * @param error    why it did not finish, empty when it did
 * @param took     wall time on this host
 */
public record HostOutput(String host, Optional<Integer> exitCode, String stdout, String stderr, Optional<String> error,
                         Duration took) {
    public HostOutput {
        Objects.requireNonNull(host, "host");
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    public boolean succeeded() {
        return exitCode.isPresent() && exitCode.get() == 0;
    }

    /** As a platform result: changed when the command exited 0 (an ad-hoc command may have changed anything), else failed. */
    public Result toResult(String command) {
        String message = error.orElseGet(() -> "exit " + exitCode.orElseThrow());
        Result r = succeeded() ? Result.changed(host, "exec " + command, message, "") : Result.failed(host, "exec " + command, message);
        return r.took(took);
    }
}
