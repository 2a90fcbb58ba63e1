package io.rolestack.core.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * Writes a command's stdin on a thread of its own while the caller waits for the command. A write waits for the
 * host to take more (the SSH window), and sshj does not wake that wait when the command exits without reading
 * all of its input: writing on the caller's thread held every such command until the connection's timeout.
 * Here the caller stops the feeder once the command has ended.
 */
final class InputFeeder {
    private final Thread thread;
    private volatile IOException failure;
    private volatile boolean sent;

    private InputFeeder(InputStream source, OutputStream stdin) {
        this.thread = new Thread(() -> {
            try (stdin) {
                source.transferTo(stdin);
                // Before close: sshj's close() flushes without waiting for the host's window and drops what does not
                // fit, then sends end-of-input; the command saw its input cut short (CI: "zstd: premature end",
                // one restore test in four runs). flush() waits for the window.
                stdin.flush();
                sent = true; // only the end-of-input is left to send
            } catch (IOException e) {
                failure = e;
            }
        }, "rolestack-input-feeder");
        thread.setDaemon(true);
    }

    static InputFeeder start(InputStream source, OutputStream stdin) {
        InputFeeder f = new InputFeeder(source, stdin);
        f.thread.start();
        return f;
    }

    boolean running() {
        return thread.isAlive();
    }

    /**
     * Called once the command has ended (or is abandoned): a feeder still writing is stopped. Returns null when
     * all of the input was sent, else why it was not (the command may not have needed it: its exit code says).
     * Later calls give the first call's answer.
     */
    synchronized IOException stop() {
        if (thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new InterruptedIOException("interrupted while stopping the input");
            }
            if (failure == null && !sent) failure = new IOException("the command ended before it read all of its input");
        }
        return failure;
    }
}
