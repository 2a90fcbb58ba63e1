package io.rolestack.platform.heal;

import io.rolestack.core.inventory.Host;
import io.rolestack.vm.VmProvider;
import io.rolestack.vm.openstack.simulator.OpenStackSimulator;
import io.rolestack.vm.openstack.simulator.RecordedCall;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated cloud's servers as machines with a real port 22: one TCP listener per server on
 * 127.0.0.1 (a closed listener is a dead machine: connections are refused). Powered by the simulator:
 * a dead machine with {@link #bootsOnReboot} comes back (its listener reopens) once the simulator has
 * accepted a hard reboot of its server and shows it ACTIVE again, as a real hung VM does.
 * The probes ({@link #probes()}) are real sockets: the SSH probe connects and reads the server's SSH banner
 * (a hung sshd accepts but says nothing), the jump host's TCP probe only connects, as {@link SshHealProbes}'s do.
 */
final class SocketMachines implements AutoCloseable {
    private final OpenStackSimulator cloud;
    private final Map<String, Machine> machines = new ConcurrentHashMap<>();
    private final String jump;

    SocketMachines(OpenStackSimulator cloud, String jumpFqdn) {
        this.cloud = cloud;
        this.jump = jumpFqdn;
    }

    /** The machine of a server (started, listening), created on first use. */
    Machine machine(String fqdn) {
        return machines.computeIfAbsent(fqdn, Machine::new);
    }

    HealProbes.Opener probes() {
        return (VmProvider provider, Duration timeout) -> new HealProbes() {
            @Override
            public Optional<String> jumpDown() {
                return connect(machine(jump), timeout);
            }

            @Override
            public Optional<String> sshDown(Host host) {
                Machine m = machine(host.fqdn());
                m.bootIfRebooted(host.providerId());
                return banner(m, timeout);
            }

            @Override
            public Optional<String> portDownFromJump(Host host) {
                Optional<String> j = jumpDown();
                if (j.isPresent()) throw new JumpDownException("jump host: " + j.get(), null);
                return connect(machine(host.fqdn()), timeout);
            }
        };
    }

    /** An SSH login starts with the server's banner: a port that accepts and says nothing is no SSH. */
    private static Optional<String> banner(Machine m, Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), m.port), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            return line != null && line.startsWith("SSH-2.0-") ? Optional.empty()
                    : Optional.of("port " + m.port + ": no SSH banner (" + line + ")");
        } catch (IOException e) {
            return Optional.of("port " + m.port + ": " + e.getMessage());
        }
    }

    private static Optional<String> connect(Machine m, Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), m.port), (int) timeout.toMillis());
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("port " + m.port + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        machines.values().forEach(Machine::kill);
    }

    final class Machine {
        private final String fqdn;
        private ServerSocket listener;
        private int port;
        private long diedAt;
        volatile boolean bootsOnReboot = true;
        /** A dead machine that comes back by itself after this many SSH probes (a slow boot); -1: never. */
        volatile int backAfterProbes = -1;
        /** sshd hung: the port accepts connections (the kernel still answers) but no SSH banner comes. */
        volatile boolean sshHung;

        Machine(String fqdn) {
            this.fqdn = fqdn;
            start(0);
        }

        private synchronized void start(int onPort) {
            try {
                ServerSocket s = new ServerSocket();
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
                listener = s;
                port = s.getLocalPort();
                Thread serve = new Thread(() -> serve(s), "sshd-" + fqdn);
                serve.setDaemon(true);
                serve.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void serve(ServerSocket s) {
            while (!s.isClosed()) {
                try (Socket c = s.accept()) {
                    if (!sshHung) c.getOutputStream().write("SSH-2.0-SocketMachine\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (IOException closed) {
                    // the machine died, or the client went away first
                }
            }
        }

        /** Hangs the machine: its port 22 refuses connections until a hard reboot. */
        synchronized void kill() {
            if (listener == null) return;
            try {
                listener.close();
            } catch (IOException ignored) {
                // already closed
            }
            listener = null;
            diedAt = System.nanoTime();
        }

        synchronized boolean up() {
            return listener != null;
        }

        /** Boots again when the simulator accepted a hard reboot of its server since it died and has it ACTIVE. */
        synchronized void bootIfRebooted(String serverId) {
            if (listener == null && backAfterProbes >= 0 && backAfterProbes-- == 0) start(port);
            if (listener != null || !bootsOnReboot) return;
            boolean rebooted = cloud.calls("POST", "/servers/" + serverId + "/action").stream()
                    .anyMatch(c -> c.startNanos() > diedAt && c.status() == 202 && isHard(c));
            if (rebooted && "ACTIVE".equals(cloud.serverStatuses().get(fqdn))) start(port);
        }
    }

    private static boolean isHard(RecordedCall c) {
        return c.body().replaceAll("\\s", "").contains("\"type\":\"HARD\"");
    }

    /** Hard reboots the simulator accepted, of any server. */
    long hardReboots() {
        return cloud.calls("POST", "/action").stream().filter(c -> c.status() == 202 && isHard(c)).count();
    }

    /** Accepted hard reboots of the named server. */
    long hardReboots(Host server) {
        return cloud.calls("POST", "/servers/" + server.providerId() + "/action").stream()
                .filter(c -> c.status() == 202 && isHard(c)).count();
    }
}
