package io.rolestack.core.remote;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A shell command line to run on a host ({@code sh -c}). Secrets never go in
 * {@link #script()} (it is logged and visible in the host's process list): pass
 * them on {@link #stdin()}, which is never logged.
 *
 * @param script  the command line, run by {@code /bin/sh -c}
 * @param stdin   bytes fed to the command's standard input (may hold secrets), empty for none
 * @param timeout the command is killed and {@link RemoteException} thrown past this
 * @param sudo    run as root through {@code sudo -n} when the session user is not root
 */
public record Command(String script, byte[] stdin, Duration timeout, boolean sudo) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public Command {
        Objects.requireNonNull(script, "script");
        stdin = stdin == null ? new byte[0] : stdin;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    public static Command of(String script) {
        return new Command(script, null, DEFAULT_TIMEOUT, false);
    }

    public static Command sudo(String script) {
        return new Command(script, null, DEFAULT_TIMEOUT, true);
    }

    public Command withStdin(byte[] input) {
        return new Command(script, input, timeout, sudo);
    }

    public Command withStdin(String input) {
        return withStdin(input.getBytes(StandardCharsets.UTF_8));
    }

    public Command withTimeout(Duration t) {
        return new Command(script, stdin, t, sudo);
    }

    public Command asRoot() {
        return new Command(script, stdin, timeout, true);
    }

    /** What may be logged: the script only, never stdin. */
    @Override
    public String toString() {
        return (sudo ? "sudo " : "") + script + (stdin.length > 0 ? " <stdin:" + stdin.length + " bytes>" : "");
    }
}
