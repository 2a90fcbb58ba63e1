package io.rolestack.role.plan;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.KnownHostsStore;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.core.remote.SshEndpoint;
import io.rolestack.core.remote.SshIdentity;
import io.rolestack.role.catalog.RoleCatalog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code apply} in a JVM of its own, so a test can kill it with SIGKILL midway.
 * Args: jumpFqdn jumpAddress jumpPort privateKey knownHosts fqdn=ip...
 * Prints every progress line on stdout, flushed, for the test to wait on.
 */
public final class ApplyInChildProcess {
    public static void main(String[] args) {
        HostName jumpName = HostName.parse(args[0]);
        List<Host> hosts = new ArrayList<>();
        Host jump = null;
        for (int i = 5; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            Host h = Host.of(HostName.parse(kv[0]), kv[1]);
            hosts.add(h);
            if (h.name().equals(jumpName)) jump = h;
        }
        Inventory inventory = new Inventory(hosts);
        try (PlatformAccess access = new PlatformAccess(inventory, jump,
                new SshEndpoint(args[1], Integer.parseInt(args[2]), "root"),
                SshIdentity.file(Path.of(args[3])), new KnownHostsStore(Path.of(args[4]), false))) {
            new RoleDeployer(RoleCatalog.load(Optional.empty())).apply(inventory, access,
                    DeployOptions.forLocalHosts().withProgress((host, message) -> {
                        System.out.println(host + ": " + message);
                        System.out.flush();
                    }));
        }
    }
}
