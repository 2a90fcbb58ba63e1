package io.rolestack.core.remote;

import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local port forward through the jump host ({@code ssh -L 127.0.0.1:PORT:TARGET:TPORT jump}): listens on
 * 127.0.0.1 at a free port of this machine, and carries each connection made to it in a direct-tcpip channel
 * of the jump host's SSH connection (the one {@link SshConnector} keeps, its host key checked as for every
 * host) to {@code target:targetPort}, as the jump host resolves and reaches it.
 *
 * <p>Why not sshj's {@code LocalPortForwarder}: its accept loop ends at the first channel the jump host refuses,
 * silently for the callers, and it says nothing of why. Here a refused channel closes only that connection and
 * is kept as {@link #lastFailure()}, and {@link #open} checks the target answers before anyone uses the port.
 * Listening only on 127.0.0.1: other machines never reach the internal host through this one.
 */
public final class SshTunnel implements AutoCloseable {
    /** Opens one channel to the target; the connector's jump connection, reopened when it dropped. */
    @FunctionalInterface
    interface Channels {
        DirectConnection open(String host, int port) throws IOException;
    }

    private final String jumpName;
    private final String target;
    private final int targetPort;
    private final Channels channels;
    private final ServerSocket server;
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
    private volatile String lastFailure;
    private volatile boolean closed;

    private SshTunnel(String jumpName, String target, int targetPort, Channels channels, ServerSocket server) {
        this.jumpName = jumpName;
        this.target = target;
        this.targetPort = targetPort;
        this.channels = channels;
        this.server = server;
    }

    /**
     * Opens the tunnel once a first channel to the target was opened and closed: a target the jump host cannot
     * reach (refused, no route, not allowed by its sshd) is an error naming it here, not a reset connection later.
     */
    static SshTunnel open(String jumpName, String target, int targetPort, Channels channels) {
        if (targetPort < 1 || targetPort > 65535) throw new IllegalArgumentException("tunnel target port out of range: " + targetPort);
        try {
            channels.open(target, targetPort).close();
        } catch (IOException e) {
            throw new RemoteException(jumpName, "cannot forward to " + target + ":" + targetPort + " through the jump host: "
                    + why(e), e);
        }
        ServerSocket server;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new RemoteException(jumpName, "cannot listen on 127.0.0.1 for the tunnel to " + target + ":" + targetPort
                    + ": " + e.getMessage(), e);
        }
        SshTunnel t = new SshTunnel(jumpName, target, targetPort, channels, server);
        Thread accept = new Thread(t::acceptLoop, "rolestack-tunnel-" + target + ":" + targetPort);
        accept.setDaemon(true);
        accept.start();
        return t;
    }

    /** The port on 127.0.0.1 that leads to the target. */
    public int localPort() {
        return server.getLocalPort();
    }

    /** {@code host:port} as the jump host reaches it. */
    public String target() {
        return target + ":" + targetPort;
    }

    /** Why the last connection through the tunnel could not be carried to the target, if one could not. */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) lastFailure = "the tunnel stopped listening: " + e.getMessage();
                return;
            }
            DirectConnection channel;
            try {
                channel = channels.open(target, targetPort);
            } catch (IOException e) {
                lastFailure = "cannot forward to " + target() + " through " + jumpName + ": " + why(e);
                closeQuietly(socket);
                continue;
            }
            carry(socket, channel);
        }
    }

    /** Two copiers, one per direction; the connection ends when both directions did. */
    private void carry(Socket socket, DirectConnection channel) {
        open.add(socket);
        open.add(channel);
        int[] ended = {0};
        Runnable bothDone = () -> {
            synchronized (ended) {
                if (++ended[0] < 2) return;
            }
            closeQuietly(channel);
            closeQuietly(socket);
            open.remove(socket);
            open.remove(channel);
        };
        copier("up", () -> {
            // to the target; at the client's end of input, EOF on the channel (HTTP/1.1 clients rarely half-close)
            try (OutputStream out = channel.getOutputStream()) {
                copy(socket.getInputStream(), out);
            }
        }, bothDone);
        copier("down", () -> {
            copy(channel.getInputStream(), socket.getOutputStream());
            socket.shutdownOutput();
        }, bothDone);
    }

    private interface Copy {
        void run() throws IOException;
    }

    private void copier(String direction, Copy copy, Runnable done) {
        Thread t = new Thread(() -> {
            try {
                copy.run();
            } catch (IOException e) {
                // One side went away (client closed, target closed, tunnel closing): the other side is closed with it.
            } finally {
                done.run();
            }
        }, "rolestack-tunnel-" + direction + "-" + target());
        t.setDaemon(true);
        t.start();
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 15];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
            out.flush();
        }
    }

    /** The jump host's own words when it refused the channel (sshd says "Connection refused", "open failed"...). */
    private static String why(IOException e) {
        if (e instanceof OpenFailException o) {
            return "the jump host refused the channel (" + o.getReason() + (o.getMessage() == null ? "" : ": " + o.getMessage()) + ")";
        }
        return SshConnector.describe(e);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // Already closed or broken: nothing left to release.
        }
    }

    /** Stops listening and closes every connection still carried; the jump host's SSH connection stays open. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        open.forEach(SshTunnel::closeQuietly);
        open.clear();
    }

    @Override
    public String toString() {
        return "127.0.0.1:" + localPort() + " -> " + target() + " via " + jumpName;
    }
}
