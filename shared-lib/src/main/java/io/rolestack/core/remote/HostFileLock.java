package io.rolestack.core.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

/**
 * An exclusive {@code flock} on a file of a host, held for as long as this is open, for runs from different machines
 * (two Jenkins agents, a laptop) that must take turns on one host. A command on the host takes the lock and then waits
 * for the end of its input; {@link #close()} sends that end. A lost connection or a dead JVM ends the input too
 * (sshd closes the command's stdin), so a lock is never left held by a run that is gone.
 */
public final class HostFileLock implements AutoCloseable {
    /** flock's exit code when {@code -n} found the lock taken. */
    private static final int TAKEN = 75;

    private final CountDownLatch release = new CountDownLatch(1);
    private final CompletableFuture<ExecResult> ended = new CompletableFuture<>();
    private final CompletableFuture<Boolean> locked = new CompletableFuture<>();

    private HostFileLock() {
    }

    /**
     * Takes the lock on {@code file} (its directory must exist), without waiting: empty when another holder has it.
     *
     * @param maxHold the longest the lock may be held; the host ends the holding command after that
     */
    public static Optional<HostFileLock> tryAcquire(Remote host, String file, Duration maxHold) {
        HostFileLock lock = new HostFileLock();
        Command hold = Command.sudo("exec flock -n -E " + TAKEN + " " + Shell.quote(file) + " sh -c 'echo locked; exec cat >/dev/null'")
                .withTimeout(maxHold);
        Thread t = new Thread(() -> {
            try {
                lock.ended.complete(host.stream(hold, lock.input(), lock.output()));
            } catch (RuntimeException e) {
                lock.ended.completeExceptionally(e);
            } finally {
                lock.locked.complete(false); // ended before it said "locked"
            }
        }, "rolestack-host-lock");
        t.setDaemon(true);
        t.start();
        if (lock.locked.join()) return Optional.of(lock);
        ExecResult r = lock.result();
        if (r.exitCode() == TAKEN) return Optional.empty();
        throw new RemoteException(host.host(), "cannot lock " + file + " (exit " + r.exitCode() + "): " + r.stderr().strip());
    }

    /** Ends the holding command's input: it exits and flock lets go. Waits for that. */
    @Override
    public void close() {
        release.countDown();
        try {
            result();
        } catch (RemoteException e) {
            // the lock is gone with the session either way
        }
    }

    private ExecResult result() {
        try {
            return ended.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /** The holding command's stdin: nothing until {@link #close()}, then its end. */
    private InputStream input() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return read(new byte[1], 0, 1);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("lock released by stopping its input");
                }
                return -1;
            }
        };
    }

    /** The holding command's stdout: its first line says the lock is held. */
    private OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                if (b == '\n') locked.complete(true);
            }
        };
    }
}
