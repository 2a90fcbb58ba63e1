package io.rolestack.core.remote;

import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One host over SSH (sshj). The transport is opened once and reused; each
 * command is a channel on it. A dropped transport is reopened (with the
 * connector's backoff) before the next command, never in the middle of one:
 * a command is not retried, because it may not be idempotent.
 */
public final class SshRemote implements Remote {
    private static volatile Consumer<String> commandLog = s -> { };

    private final String name;
    private final SshEndpoint endpoint;
    private final SshConnector connector;
    private SSHClient client;

    SshRemote(String name, SshEndpoint endpoint, SshConnector connector) {
        this.name = name;
        this.endpoint = endpoint;
        this.connector = connector;
    }

    /** Where every command line run over SSH is reported (never stdin); the CLI's --verbose and tests listen here. */
    public static void commandLog(Consumer<String> sink) {
        commandLog = sink == null ? s -> { } : sink;
    }

    @Override
    public String host() {
        return name;
    }

    public SshEndpoint endpoint() {
        return endpoint;
    }

    synchronized void connect() {
        if (client == null || !client.isConnected()) {
            SshConnector.closeQuietly(client);
            client = connector.dial(name, endpoint);
        }
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
    /** How often a running command is looked at while waiting for its end (its exit status, a feeder to stop). */
    private static final long JOIN_SLICE_MS = 200;

    private ExecResult run(Command command, InputStream in, OutputStream out) {
        // The host enforces the timeout too (coreutils `timeout` kills the whole process group a
        // second after ours), so a command never outlives its deadline, even if the link drops.
        long hostSeconds = Math.max(1, (command.timeout().toMillis() + 999) / 1000 + 1);
        String script = "timeout -s KILL " + hostSeconds + " /bin/sh -c " + Shell.quote(command.script());
        if (command.sudo() && !"root".equals(endpoint.user())) script = "sudo -n " + script;
        commandLog.accept(name + ": " + command);
        long start = System.nanoTime();
        Session session = openSession();
        try (session) {
            Session.Command cmd = session.exec(script);
            CompletableFuture<byte[]> kept = out == null ? OutputPump.drain(cmd.getInputStream()) : null;
            CompletableFuture<Long> copied = out == null ? null : OutputPump.copy(cmd.getInputStream(), out);
            CompletableFuture<byte[]> err = OutputPump.drain(cmd.getErrorStream());
            InputFeeder feeder = InputFeeder.start(in == null ? new java.io.ByteArrayInputStream(command.stdin()) : in,
                    cmd.getOutputStream());
            // Joined in slices: once the command has exited, a feeder still blocked on the SSH window (the command
            // did not read all of its input) is stopped; the channel closes only after that.
            long deadline = System.nanoTime() + command.timeout().toNanos();
            while (true) {
                try {
                    cmd.join(JOIN_SLICE_MS, TimeUnit.MILLISECONDS);
                    break;
                } catch (ConnectionException e) {
                    if (!cmd.isOpen() && cmd.getExitStatus() != null) break; // finished right at the slice's end
                    if (cmd.getExitStatus() != null && feeder.running()) {
                        feeder.stop();
                    } else if (System.nanoTime() - deadline >= 0) {
                        feeder.stop();
                        try {
                            cmd.signal(Signal.KILL);
                        } catch (IOException ignored) {
                            // The channel is closed below either way.
                        }
                        throw new RemoteException(name, "command timed out after " + human(command.timeout()) + ": " + command.script());
                    }
                }
            }
            IOException inputCut = feeder.stop(); // the command may exit without reading all of its input: fine when it succeeds
            Integer exit = cmd.getExitStatus();
            String stdout = kept == null ? "" : text(kept, command);
            String stderr = text(err, command);
            if (copied != null) copied(copied, command);
            if (exit == null) {
                throw new RemoteException(name, "command ended without an exit status (signal "
                        + cmd.getExitSignal() + "): " + command.script());
            }
            if (inputCut != null && exit != 0) {
                // A command that failed after its input was cut failed because of that: say so, not only its stderr.
                stderr = stderr + (stderr.isEmpty() || stderr.endsWith("\n") ? "" : "\n") + "(rolestack: its input was cut short: "
                        + SshConnector.describe(inputCut) + ")";
            }
            return new ExecResult(exit, stdout, stderr, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new RemoteException(name, "lost the connection while running: " + command.script()
                    + " (" + SshConnector.describe(e) + ")", e);
        }
    }

    private String text(CompletableFuture<byte[]> f, Command command) {
        try {
            return new String(f.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new RemoteException(name, "could not read the output of: " + command.script(), e);
        }
    }

    /** Waits for the end of a streamed stdout (it ends with the channel) and reports a failed sink. */
    private void copied(CompletableFuture<Long> copied, Command command) {
        try {
            copied.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new RemoteException(name, "could not write the output of: " + command.script() + " (" + e.getCause().getMessage() + ")", e.getCause());
        } catch (Exception e) {
            throw new RemoteException(name, "could not read the output of: " + command.script(), e);
        }
    }

    private synchronized Session openSession() {
        connect();
        try {
            return client.startSession();
        } catch (IOException first) {
            // The transport died between commands (host rebooted, jump host restarted): reopen once.
            SshConnector.closeQuietly(client);
            client = null;
            connect();
            try {
                return client.startSession();
            } catch (IOException e) {
                throw new RemoteException(name, "cannot open a session: " + SshConnector.describe(e), e);
            }
        }
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    @Override
    public void upload(byte[] content, String path, FileMode mode) {
        String nonce = UUID.randomUUID().toString().substring(0, 8);
        run(Command.sudo(Shell.atomicWriteScript(path, mode, nonce, content.length)).withStdin(content));
    }

    synchronized void disconnect() {
        SshConnector.closeQuietly(client);
        client = null;
    }

    /** Closing one host's session; the connector keeps the jump transport for the others. */
    @Override
    public void close() {
        disconnect();
        connector.forget(name);
    }
}
