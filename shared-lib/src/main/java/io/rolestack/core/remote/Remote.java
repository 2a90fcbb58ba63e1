package io.rolestack.core.remote;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * One open session to one host (the connector): every command of a run goes
 * through the same session. Implementations: SshRemote (sshj, through a
 * jump host) and {@link LocalRemote} (this machine, for tests and the local connector).
 */
public interface Remote extends AutoCloseable {
    /** The host's name, for messages. */
    String host();

    /** Runs a command; a non-zero exit is returned, not thrown. Throws {@link RemoteException} on timeout or lost connection. */
    ExecResult exec(Command command);

    /**
     * Writes a file atomically: content goes to a temporary file in the same
     * directory, gets its owner and mode, then is renamed over {@code path}. A
     * reader never sees a half-written file, even if the writer dies.
     */
    void upload(byte[] content, String path, FileMode mode);

    /**
     * Runs a command whose input or output may not fit in memory (backups): its stdin is read from
     * {@code in} (the command's own {@link Command#stdin()} when null), its stdout is written to
     * {@code out} as it arrives (the result's stdout is then empty; stderr is returned as by
     * {@link #exec}). A non-zero exit is returned, not thrown; a failure writing {@code out} is a
     * {@link RemoteException} once the command has ended.
     */
    default ExecResult stream(Command command, InputStream in, OutputStream out) {
        throw new UnsupportedOperationException(host() + ": this connector cannot stream a command's input and output");
    }

    /** Runs a command and throws when it exits non-zero. */
    default ExecResult run(Command command) {
        return exec(command).orThrow(host(), command);
    }

    default ExecResult run(String script) {
        return run(Command.of(script));
    }

    @Override
    void close();
}
