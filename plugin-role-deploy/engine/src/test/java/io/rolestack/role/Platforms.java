package io.rolestack.role;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.naming.HostName;

import java.util.ArrayList;
import java.util.List;

/** Inventories for tests: hosts named as in production, private addresses 10.20.0.x in the order given. */
public final class Platforms {
    private Platforms() {
    }

    public static Inventory of(String... shortNames) {
        List<Host> hosts = new ArrayList<>();
        int ip = 11;
        for (String n : shortNames) hosts.add(host(n, "10.20.0." + ip++));
        return new Inventory(hosts);
    }

    public static Host host(String shortName, String ip) {
        return Host.of(HostName.parse(shortName + ".production.wpdn"), ip);
    }

    /** The example platform: jump, two frontends, two app hosts, memcache, a db primary and replica. */
    public static Inventory example() {
        return of("jump1", "frontend1", "frontend2", "app1", "app2", "memcache1", "masterdb1", "db2");
    }
}
