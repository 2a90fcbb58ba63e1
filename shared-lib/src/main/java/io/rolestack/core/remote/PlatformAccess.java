package io.rolestack.core.remote;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;

import java.util.function.Function;

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
        this.inventory = inventory;
        this.jump = jump;
        this.user = jumpEndpoint.user();
        this.connector = new SshConnector(SshSettings.of(identity, knownHosts, jumpEndpoint));
    }

    public Inventory inventory() {
        return inventory;
    }

    public Host jump() {
        return jump;
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
