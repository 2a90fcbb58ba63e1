package io.rolestack.core.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * This machine as a host: commands run through {@code /bin/sh -c}. Used by
 * tests that start real servers on 127.0.0.1 and as the local connector.
 */
public final class LocalRemote implements Remote {
    private final String name;

    public LocalRemote(String name) {
        this.name = name;
    }

    public LocalRemote() {
        this("localhost");
    }

    @Override
    public String host() {
        return name;
    }

    @Override
    public ExecResult exec(Command command) {
        return run(command, null, null);
    }

    @Override
    public ExecResult stream(Command command, InputStream in, OutputStream out) {
        return run(command, in, java.util.Objects.requireNonNull(out, "out"));
    }

    /** {@code in} null: the command's stdin bytes; {@code out} null: stdout kept in the result. */
    private ExecResult run(Command command, InputStream in, OutputStream sink) {
        long start = System.nanoTime();
        boolean root = "root".equals(System.getProperty("user.name"));
        ProcessBuilder pb = command.sudo() && !root
                ? new ProcessBuilder("sudo", "-n", "/bin/sh", "-c", command.script())
                : new ProcessBuilder("/bin/sh", "-c", command.script());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new RemoteException(name, "cannot start /bin/sh: " + e.getMessage(), e);
        }
        CompletableFuture<byte[]> out = sink == null ? OutputPump.drain(p.getInputStream()) : null;
        CompletableFuture<Long> copied = sink == null ? null : OutputPump.copy(p.getInputStream(), sink);
        CompletableFuture<byte[]> err = OutputPump.drain(p.getErrorStream());
        // On a thread of its own, as over SSH: an input that is not over when the command exits (it did not read it
        // all, or it waits for a signal to end, as a held lock's does) is stopped then; its exit code tells the rest.
        InputFeeder feeder = InputFeeder.start(in == null ? new java.io.ByteArrayInputStream(command.stdin()) : in, p.getOutputStream());
        try {
            boolean exited = p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
            feeder.stop();
            if (!exited) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new RemoteException(name, "command timed out after " + command.timeout() + ": " + command.script());
            }
            if (copied != null) {
                try {
                    copied.join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw new RemoteException(name, "could not write the output of: " + command.script()
                            + " (" + e.getCause().getMessage() + ")", e.getCause());
                }
            }
            return new ExecResult(p.exitValue(),
                    out == null ? "" : new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RemoteException(name, "interrupted: " + command.script(), e);
        }
    }

    @Override
    public void upload(byte[] content, String path, FileMode mode) {
        Command c = Command.sudo(Shell.atomicWriteScript(path, mode, UUID.randomUUID().toString().substring(0, 8), content.length))
                .withStdin(content);
        run(c);
    }

    @Override
    public void close() {
    }
}
