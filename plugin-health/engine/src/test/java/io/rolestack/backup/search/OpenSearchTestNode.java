package io.rolestack.backup.search;

import org.opensearch.common.settings.Settings;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSearch 2.19 node inside the test JVM: the server's own code (snapshots, the fs repository,
 * restore, Lucene), HTTP through the real netty4 transport on 127.0.0.1 at a free port. Not a distribution:
 * the node gets its plugins from the classpath, as OpenSearch's own MockNode does (the constructor that
 * takes plugin classes is protected, hence this subclass); no module but netty4 is loaded, which
 * snapshot, restore, _count and the fs repository do not need.
 *
 * <p>Why in-JVM rather than a `search` role on local hosts: see docs/backups.md (search snapshots).
 * In the module's test-jar: the platform's {@code SearchBackupOnLocalHostsIT} starts one too.
 */
public final class OpenSearchTestNode extends Node implements AutoCloseable {
    private final Path home;
    private final Path repoRoot;

    private OpenSearchTestNode(Settings settings, Path home, Path repoRoot) {
        super(InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), home.resolve("config"), () -> "rolestack-test"),
                List.<Class<? extends Plugin>>of(Netty4Plugin.class), true);
        this.home = home;
        this.repoRoot = repoRoot;
    }

    /** Starts a single-node cluster under {@code home}; {@code path.repo} is {@code home/repos}. */
    public static OpenSearchTestNode start(Path home) throws Exception {
        return start(home, "127.0.0.1");
    }

    /** As {@link #start(Path)}, HTTP and transport bound to {@code address} (an address of this machine). */
    public static OpenSearchTestNode start(Path home, String address) throws Exception {
        Path repoRoot = Files.createDirectories(home.resolve("repos"));
        Files.createDirectories(home.resolve("config"));
        Settings settings = Settings.builder()
                .put("cluster.name", "rolestack-test")
                .put("node.name", "rolestack-test")
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .putList("path.repo", repoRoot.toString())
                .put("network.host", address)
                .put("http.port", "0")
                .put("transport.port", "0")
                .put("discovery.type", "single-node")
                // this shared build machine's disk may be fuller than the defaults allow for allocation
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("http.type", "netty4")
                .put("transport.type", "netty4")
                .build();
        OpenSearchTestNode node = new OpenSearchTestNode(settings, home, repoRoot);
        try {
            node.start();
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
        return node;
    }

    public URI httpUri() {
        InetSocketAddress a = injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().address();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort());
    }

    /** The directory every fs repository of this node must be under ({@code path.repo}). */
    public Path repoRoot() {
        return repoRoot;
    }

    public Path home() {
        return home;
    }

    @Override
    public synchronized void close() throws IOException {
        super.close();
        try {
            awaitClose(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
