package io.rolestack.core.remote;

import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.password.PasswordUtils;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens SSH sessions to hosts, through the jump host when there is one: one
 * transport to the jump host, and per target one transport carried in a
 * direct-tcpip channel over it ({@code newDirectConnection}). Each target's
 * session is opened once and reused for every command.
 */
public final class SshConnector implements AutoCloseable {
    private static final DefaultConfig CONFIG = new DefaultConfig();

    private final SshSettings settings;
    private final Map<String, SshRemote> open = new ConcurrentHashMap<>();
    private SSHClient jumpClient;

    public SshConnector(SshSettings settings) {
        this.settings = settings;
    }

    public SshSettings settings() {
        return settings;
    }

    /** The session to {@code target}, opened on first use; {@code name} is used in messages. */
    public Remote open(String name, SshEndpoint target) {
        return open.computeIfAbsent(name, n -> {
            SshRemote r = new SshRemote(n, target, this);
            r.connect();
            return r;
        });
    }

    /** Connects a new client to {@code target} (through the jump host when configured), with retries. */
    SSHClient dial(String name, SshEndpoint target) {
        RemoteException last = null;
        Duration wait = settings.backoff();
        for (int attempt = 1; attempt <= settings.connectAttempts(); attempt++) {
            try {
                return dialOnce(name, target);
            } catch (RemoteException e) {
                if (!(e.getCause() instanceof IOException) || isFinal(e.getCause())) throw e;
                last = e;
            }
            if (attempt < settings.connectAttempts()) {
                sleep(wait);
                wait = wait.multipliedBy(2);
            }
        }
        throw new RemoteException(name, "gave up after " + settings.connectAttempts() + " attempts: "
                + last.getMessage().substring(name.length() + 2), last.getCause());
    }

    // Host key refusals and bad credentials do not get better by retrying.
    private static boolean isFinal(Throwable t) {
        return t instanceof UserAuthException
                || (t instanceof TransportException te && te.getDisconnectReason() != null
                && te.getDisconnectReason().name().equals("HOST_KEY_NOT_VERIFIABLE"));
    }

    private SSHClient dialOnce(String name, SshEndpoint target) {
        SSHClient client = newClient();
        // The jump host itself is dialled directly; every other host through it.
        boolean viaJump = settings.jump().isPresent() && !settings.jump().get().equals(target);
        String route = viaJump ? target + " via jump " + settings.jump().get() : target.toString();
        try {
            if (viaJump) {
                DirectConnection tunnel = jump().newDirectConnection(target.address(), target.port());
                client.connectVia(tunnel, target.address(), target.port());
            } else {
                client.connect(target.address(), target.port());
            }
            client.authPublickey(target.user(), keys(client));
            return client;
        } catch (IOException e) {
            closeQuietly(client);
            String refusal = settings.knownHosts().takeRefusal(target.knownHostsName());
            String why = refusal != null ? refusal : describe(e);
            if (refusal != null) {
                e = new TransportException(net.schmizz.sshj.common.DisconnectReason.HOST_KEY_NOT_VERIFIABLE, why);
            }
            throw new RemoteException(name, "cannot connect (" + route + "): " + why, e);
        }
    }

    /** The shared connection to the jump host, (re)opened when needed. */
    private synchronized SSHClient jump() throws IOException {
        if (jumpClient != null && jumpClient.isConnected() && jumpClient.isAuthenticated()) return jumpClient;
        SshEndpoint j = settings.jump().orElseThrow();
        closeQuietly(jumpClient);
        SSHClient c = newClient();
        try {
            c.connect(j.address(), j.port());
            c.authPublickey(j.user(), keys(c));
        } catch (IOException e) {
            closeQuietly(c);
            String refusal = settings.knownHosts().takeRefusal(j.knownHostsName());
            if (refusal != null) {
                throw new TransportException(net.schmizz.sshj.common.DisconnectReason.HOST_KEY_NOT_VERIFIABLE,
                        "jump host " + refusal);
            }
            throw new IOException("jump host " + j + ": " + describe(e), e);
        }
        jumpClient = c;
        return c;
    }

    /**
     * A local port forward to {@code host:port} as the jump host reaches it, over the jump host's connection
     * (opened if needed, its host key checked as always); the caller closes it. Errors name the target.
     */
    public SshTunnel forward(String host, int port) {
        SshEndpoint j = settings.jump().orElseThrow(() -> new IllegalStateException("no jump host to forward through"));
        return SshTunnel.open("jump " + j, host, port, (h, p) -> jump().newDirectConnection(h, p));
    }

    /** How long a channel reply or a stalled stdin may take (see newClient). */
    static final int STALL_MS = 60_000;

    private SSHClient newClient() {
        SSHClient c = new SSHClient(CONFIG);
        c.addHostKeyVerifier(settings.knownHosts().verifier());
        int ms = (int) settings.connectTimeout().toMillis();
        c.setConnectTimeout(ms);
        c.setTimeout(0); // commands may legitimately be silent for long; Command.timeout bounds them
        c.getConnection().getKeepAlive().setKeepAliveInterval(15);
        // Channel open/close replies, and also how long a write to a command's stdin waits for the host to take
        // more (the SSH window): a host busy unpacking a release (tar on a loaded disk) can stall past 10 s, the
        // old value, and the stream to it was then cut ("gzip: unexpected end of file"). The price: a host that
        // stops answering on an open connection fails a new command after a minute instead of 10 s.
        c.getConnection().setTimeoutMs(STALL_MS);
        return c;
    }

    private KeyProvider keys(SSHClient c) throws IOException {
        SshIdentity id = settings.identity();
        var pass = id.passphrase().map(PasswordUtils::createOneOff).orElse(null);
        if (id.path().isPresent()) {
            return pass == null ? c.loadKeys(id.path().get().toString()) : c.loadKeys(id.path().get().toString(), pass);
        }
        return c.loadKeys(id.pemText().orElseThrow(), null, pass);
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.net.ConnectException) return "connection refused";
        if (e instanceof java.net.SocketTimeoutException) return "connect timed out";
        if (e instanceof UserAuthException) return "authentication failed (key not accepted)";
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        return m;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException("ssh", "interrupted while waiting to reconnect");
        }
    }

    static void closeQuietly(SSHClient c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // Closing a dead connection; nothing left to do.
        }
    }

    void forget(String name) {
        open.remove(name);
    }

    @Override
    public synchronized void close() {
        open.values().forEach(SshRemote::disconnect);
        open.clear();
        closeQuietly(jumpClient);
        jumpClient = null;
    }
}
