package io.rolestack.mariadb;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;
import io.rolestack.mariadb.server.ServerLayout;
import io.rolestack.mariadb.tls.CaStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code db replicate} in a JVM of its own, started by {@link ReplicaSeedingAgainstRealMariaDbIT} with a small
 * {@code -Xmx}: a seeding that held the stream in memory would die here of OutOfMemoryError. Arguments: the
 * secrets directory, then {@code shortName=dir:port} per server ({@link LocalMariaDbServers}). Prints progress
 * and results; exit 0 when nothing failed.
 */
public final class ReplicateInSmallHeap {
    public static void main(String[] args) {
        System.out.println("[heap] max " + Runtime.getRuntime().maxMemory());
        Path secrets = Path.of(args[0]);
        List<Host> hosts = new ArrayList<>();
        Map<String, ServerLayout> layouts = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i].substring(0, args[i].indexOf('='));
            String where = args[i].substring(args[i].indexOf('=') + 1);
            int colon = where.lastIndexOf(':');
            hosts.add(Host.of(HostName.parse(name + ".test.wpdn"), "127.0.0.1"));
            layouts.put(name, LocalMariaDbServers.layoutOf(Path.of(where.substring(0, colon)), Integer.parseInt(where.substring(colon + 1))));
        }
        MariaDbCluster cluster = new MariaDbCluster(new Inventory(hosts), h -> new LocalRemote(h.fqdn()), h -> layouts.get(h.shortName()),
                CaStore.open(secrets, "test", Clock.systemUTC()), (host, message) -> System.out.println("[progress] " + host + ": " + message))
                .connectTimeout(Duration.ofSeconds(20));
        RunSummary run = cluster.replicate();
        for (Result r : run.results()) System.out.println("[result] " + r.host() + " " + r.operation() + " " + r.status() + " " + r.message());
        System.exit(run.anyFailed() ? 1 : 0);
    }
}
