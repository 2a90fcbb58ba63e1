package io.rolestack.core.remote;

import com.sun.net.httpserver.HttpServer;
import io.rolestack.core.testing.OpenSshServer;
import io.rolestack.core.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SshTunnel} through a real OpenSSH jump host on 127.0.0.1 whose sshd may open channels only to the
 * listeners of this test ({@code PermitOpen}): what arrives at them came through the jump host.
 */
class SshTunnelAgainstOpenSshIT {
    static final String USER = System.getProperty("user.name");

    @TempDir
    static Path tmp;
    static Path userKey;
    static OpenSshServer jump;
    static Path knownHosts;
    static ServerSocket echo;
    static HttpServer http;
    static int refusedPort;
    static int prohibitedPort;
    static final AtomicInteger httpRequests = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        userKey = tmp.resolve("id_ed25519");
        TestKeys.generate(userKey);
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread echoes = new Thread(SshTunnelAgainstOpenSshIT::echoLoop, "echo-server");
        echoes.setDaemon(true);
        echoes.start();
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", ex -> {
            byte[] body = ("hello " + ex.getRequestMethod() + " " + ex.getRequestURI() + " #" + httpRequests.incrementAndGet())
                    .getBytes(StandardCharsets.UTF_8);
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        http.start();
        refusedPort = OpenSshServer.freePort(); // nothing listens there
        prohibitedPort = OpenSshServer.freePort();
        jump = OpenSshServer.create("jump", tmp, Path.of(userKey + ".pub"), "AllowTcpForwarding yes\nPermitOpen 127.0.0.1:"
                + echo.getLocalPort() + " 127.0.0.1:" + http.getAddress().getPort() + " 127.0.0.1:" + refusedPort).start();
        knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, jump.knownHostsLine() + "\n");
    }

    @AfterAll
    static void stop() throws IOException {
        if (jump != null) jump.stop();
        if (http != null) http.stop(0);
        if (echo != null) echo.close();
    }

    private static void echoLoop() {
        while (!echo.isClosed()) {
            try {
                Socket s = echo.accept();
                Thread t = new Thread(() -> {
                    try (s) {
                        s.getInputStream().transferTo(s.getOutputStream());
                    } catch (IOException ignored) {
                        // the client went away
                    }
                }, "echo");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    static SshConnector connector(Path knownHostsFile) {
        return new SshConnector(SshSettings.of(SshIdentity.file(userKey), new KnownHostsStore(knownHostsFile, false),
                new SshEndpoint("127.0.0.1", jump.port(), USER)).withAttempts(1, Duration.ofMillis(100)));
    }

    @Test
    void bytesRoundTripThroughTheJumpHostUnchanged() throws Exception {
        byte[] sent = new byte[8 << 20]; // far more than one SSH window
        new Random(7).nextBytes(sent);
        try (SshConnector ssh = connector(knownHosts); SshTunnel tunnel = ssh.forward("127.0.0.1", echo.getLocalPort())) {
            assertThat(tunnel.localPort()).isNotEqualTo(echo.getLocalPort());
            assertThat(tunnel.target()).isEqualTo("127.0.0.1:" + echo.getLocalPort());
            for (int round = 0; round < 2; round++) { // a second connection through the same tunnel
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), tunnel.localPort())) {
                    Thread writer = new Thread(() -> {
                        try {
                            s.getOutputStream().write(sent);
                            s.shutdownOutput();
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    });
                    writer.start();
                    byte[] back = s.getInputStream().readAllBytes();
                    writer.join();
                    assertThat(back.length).isEqualTo(sent.length);
                    assertThat(MessageDigest.getInstance("SHA-256").digest(back))
                            .isEqualTo(MessageDigest.getInstance("SHA-256").digest(sent));
                }
            }
            assertThat(tunnel.lastFailure()).isEmpty();
        }
    }

    @Test
    void theJdkHttpClientTalksToAnHttpServerThroughTheTunnel() throws Exception {
        try (SshConnector ssh = connector(knownHosts); SshTunnel tunnel = ssh.forward("127.0.0.1", http.getAddress().getPort())) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            int before = httpRequests.get();
            for (int i = 0; i < 3; i++) { // kept-alive connection reused, then a POST with a body
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tunnel.localPort() + "/x/" + i))
                        .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("hello GET /x/" + i + " #" + (before + i + 1));
            }
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tunnel.localPort() + "/p"))
                    .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.body()).startsWith("hello POST /p #");
        }
    }

    @Test
    void aTargetThatRefusesIsAnErrorNamingIt() {
        try (SshConnector ssh = connector(knownHosts)) {
            assertThatThrownBy(() -> ssh.forward("127.0.0.1", refusedPort))
                    .isInstanceOf(RemoteException.class)
                    .hasMessageContaining("cannot forward to 127.0.0.1:" + refusedPort + " through the jump host")
                    .hasMessageContaining("CONNECT_FAILED");
        }
    }

    @Test
    void aTargetTheJumpHostMayNotOpenIsAnErrorNamingIt() {
        try (SshConnector ssh = connector(knownHosts)) {
            assertThatThrownBy(() -> ssh.forward("127.0.0.1", prohibitedPort))
                    .isInstanceOf(RemoteException.class)
                    .hasMessageContaining("cannot forward to 127.0.0.1:" + prohibitedPort)
                    .hasMessageContaining("ADMINISTRATIVELY_PROHIBITED");
        }
    }

    @Test
    void aJumpHostWhoseKeyIsNotPinnedIsRefused() throws IOException {
        Path empty = tmp.resolve("known_hosts_empty");
        Files.writeString(empty, "");
        try (SshConnector ssh = connector(empty)) {
            assertThatThrownBy(() -> ssh.forward("127.0.0.1", echo.getLocalPort()))
                    .isInstanceOf(RemoteException.class)
                    .hasMessageContaining("is not in known_hosts");
        }
    }

    @Test
    void aClosedTunnelNoLongerListensAndItsConnectionsEnd() throws Exception {
        int port;
        Socket carried;
        try (SshConnector ssh = connector(knownHosts)) {
            SshTunnel tunnel = ssh.forward("127.0.0.1", echo.getLocalPort());
            port = tunnel.localPort();
            carried = new Socket(InetAddress.getLoopbackAddress(), port);
            carried.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertThat(carried.getInputStream().readNBytes(4)).isEqualTo("ping".getBytes(StandardCharsets.US_ASCII));
            tunnel.close();
            carried.setSoTimeout(10_000);
            InputStream in = carried.getInputStream();
            assertThat(in.read()).isEqualTo(-1); // the carried connection was closed with the tunnel
            carried.close();
        }
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close()).isInstanceOf(IOException.class);
    }
}
