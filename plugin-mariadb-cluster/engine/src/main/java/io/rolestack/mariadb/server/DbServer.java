package io.rolestack.mariadb.server;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.remote.Remote;

import java.util.Objects;

/** One MariaDB server of the cluster: the inventory host, its session and its layout. */
public record DbServer(Host host, Remote remote, ServerLayout layout) {
    public DbServer {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(remote, "remote of " + host.fqdn());
        Objects.requireNonNull(layout, "layout of " + host.fqdn());
    }

    public SqlClient sql() {
        return new SqlClient(remote, layout.clientOptions());
    }

    public String name() {
        return host.fqdn();
    }

    /** The address other servers replicate from: the private IP. */
    public String address() {
        return host.privateIp();
    }

    @Override
    public String toString() {
        return name();
    }
}
