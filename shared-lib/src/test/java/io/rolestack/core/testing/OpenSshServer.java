package io.rolestack.core.testing;

import io.rolestack.core.wait.Wait;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH sshd (Debian's openssh-server) on 127.0.0.1, with its own
 * generated host key and config in a temp dir. Tests start one per role
 * (a "jump" and a "target") and stop them afterwards.
 */
public final class OpenSshServer implements AutoCloseable {
    public static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final String name;
    private final Path dir;
    private final int port;
    private final Path hostKey;
    private final List<Path> extraHostKeys;
    private final String listenAddress;
    private final String extraConfig;
    private Process process;

    private OpenSshServer(String name, Path dir, String listenAddress, int port, List<Path> hostKeys, String extraConfig) {
        this.name = name;
        this.dir = dir;
        this.listenAddress = listenAddress;
        this.port = port;
        this.hostKey = hostKeys.get(0);
        this.extraHostKeys = hostKeys.subList(1, hostKeys.size());
        this.extraConfig = extraConfig;
    }

    /**
     * Creates (not starts) a server whose {@code authorizedKey} may log in as the
     * current user. {@code extraConfig} is appended to sshd_config.
     */
    public static OpenSshServer create(String name, Path parent, Path authorizedKeyPub, String extraConfig) throws IOException {
        if (!Files.isExecutable(SSHD)) {
            throw new IllegalStateException(SSHD + " is missing: apt-get install openssh-server (.ci/run does)");
        }
        Path dir = Files.createDirectories(parent.resolve(name));
        Path hostKey = dir.resolve("ssh_host_ed25519_key");
        TestKeys.generate(hostKey);
        Files.copy(authorizedKeyPub, dir.resolve("authorized_keys"));
        OpenSshServer s = new OpenSshServer(name, dir, "127.0.0.1", freePort(), List.of(hostKey), extraConfig == null ? "" : extraConfig);
        s.writeConfig();
        return s;
    }

    /**
     * Creates (not starts) a server with the given host keys (private key files, e.g. keys a
     * provider generated for a VM it booted) listening on {@code listenAddress:port}: a stand-in for
     * that VM. The first key is {@link #hostPublicKey}'s; its {@code .pub} file need not exist.
     */
    public static OpenSshServer withHostKeys(String name, Path parent, Path authorizedKeyPub, String listenAddress, int port,
                                             List<Path> hostKeys, String extraConfig) throws IOException {
        if (!Files.isExecutable(SSHD)) {
            throw new IllegalStateException(SSHD + " is missing: apt-get install openssh-server (.ci/run does)");
        }
        if (hostKeys.isEmpty()) throw new IllegalArgumentException("no host key");
        Path dir = Files.createDirectories(parent.resolve(name));
        Files.copy(authorizedKeyPub, dir.resolve("authorized_keys"));
        OpenSshServer s = new OpenSshServer(name, dir, listenAddress, port, List.copyOf(hostKeys), extraConfig == null ? "" : extraConfig);
        s.writeConfig();
        return s;
    }

    private void writeConfig() throws IOException {
        Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory
        Files.writeString(dir.resolve("sshd_config"), String.join("\n", List.of(
                "Port " + port,
                "ListenAddress " + listenAddress,
                "HostKey " + hostKey,
                extraHostKeys.stream().map(k -> "HostKey " + k).collect(java.util.stream.Collectors.joining("\n")),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password",
                "StrictModes no",
                "UsePAM no",
                "LogLevel VERBOSE",
                extraConfig,
                "")));
    }

    public OpenSshServer start() throws IOException {
        process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.log").toFile())
                .start();
        Wait.upTo(Duration.ofSeconds(10)).every(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) throw new IllegalStateException("sshd " + name + " exited: " + log());
            return listening();
        }, () -> new IllegalStateException("sshd " + name + " did not listen on " + port + " within 10 s: " + log()));
        return this;
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(listenAddress, port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    public void stop() {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public int port() {
        return port;
    }

    public Path hostPublicKey() {
        return Path.of(hostKey + ".pub");
    }

    /** The known_hosts line pinning this server's key at 127.0.0.1:port. */
    public String knownHostsLine() throws IOException {
        String[] pub = Files.readString(hostPublicKey()).trim().split("\\s+");
        return "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1];
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("sshd.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
