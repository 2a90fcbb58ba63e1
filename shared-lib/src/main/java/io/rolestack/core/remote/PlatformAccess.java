package io.rolestack.core.remote;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;

import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * SSH access to every host of an inventory: the jump host at the address the
 * machine reaches it on, every other host at its private IP through the jump
 * host. Engines take it as a {@code Function<Host, Remote>}.
 */
public final class PlatformAccess implements Function<Host, Remote>, AutoCloseable {
    private final Inventory inventory;
    private final Host jump;
    private final SshConnector connector;
    private final String user;

    /**
     * @param jumpEndpoint where this machine reaches the jump host (its public IP, or the local provider's link)
     */
    public PlatformAccess(Inventory inventory, Host jump, SshEndpoint jumpEndpoint, SshIdentity identity,
                          KnownHostsStore knownHosts) {
        this(inventory, jump, SshSettings.of(identity, knownHosts, jumpEndpoint));
    }

    private PlatformAccess(Inventory inventory, Host jump, SshSettings settings) {
        this.inventory = inventory;
        this.jump = jump;
        this.user = settings.jump().orElseThrow().user();
        this.connector = new SshConnector(settings);
    }

    /**
     * A new access to the same hosts with other SSH settings (a short connect timeout and one attempt, for
     * probes); its sessions are its own, opened afresh, and closing it leaves this one open.
     */
    public PlatformAccess with(UnaryOperator<SshSettings> change) {
        return new PlatformAccess(inventory, jump, change.apply(connector.settings()));
    }

    public Inventory inventory() {
        return inventory;
    }

    public Host jump() {
        return jump;
    }

    /**
     * A port of 127.0.0.1 on this machine leading to {@code host:port} as the jump host reaches it (an internal
     * host's private IP and a service port); closing it leaves the SSH sessions open.
     */
    public SshTunnel forward(String host, int port) {
        return connector.forward(host, port);
    }

    @Override
    public Remote apply(Host host) {
        if (host.fqdn().equals(jump.fqdn())) {
            return connector.open(host.shortName(), connector.settings().jump().orElseThrow());
        }
        return connector.open(host.shortName(), SshEndpoint.of(host.privateIp(), user));
    }

    @Override
    public void close() {
        connector.close();
    }
}
