package io.rolestack.core.remote;

import java.util.Objects;

/** Where an SSH server listens, as the client dials it (through the jump host for internal hosts). */
public record SshEndpoint(String address, int port, String user) {
    public SshEndpoint {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(user, "user");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("ssh port out of range: " + port);
    }

    public static SshEndpoint of(String address, String user) {
        return new SshEndpoint(address, 22, user);
    }

    /** The host part as OpenSSH's known_hosts writes it. */
    public String knownHostsName() {
        return port == 22 ? address : "[" + address + "]:" + port;
    }

    @Override
    public String toString() {
        return user + "@" + knownHostsName();
    }
}
