package io.rolestack.core.remote;

import java.time.Duration;

/** What a command did: exit code and both outputs. */
public record ExecResult(int exitCode, String stdout, String stderr, Duration took) {
    public boolean ok() {
        return exitCode == 0;
    }

    /** Throws {@link RemoteException} naming host and command when the exit code is not 0. */
    public ExecResult orThrow(String host, Command command) {
        if (exitCode != 0) {
            throw new RemoteException(host, "command failed (exit " + exitCode + "): " + command.script()
                    + (stderr.isBlank() ? "" : "\n" + stderr.strip()));
        }
        return this;
    }
}
