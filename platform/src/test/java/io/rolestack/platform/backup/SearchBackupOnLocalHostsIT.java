package io.rolestack.platform.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolestack.backup.search.OpenSearchTestNode;
import io.rolestack.backup.search.SearchHttp;
import io.rolestack.backup.search.StoredSnapshot;
import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.core.testing.StepChain;
import io.rolestack.platform.Platform;
import io.rolestack.platform.PlatformOptions;
import io.rolestack.platform.exec.ExecOutcome;
import io.rolestack.platform.exec.ExecRequest;
import io.rolestack.platform.provider.Providers;
import io.rolestack.platform.vm.VmSelection;
import io.rolestack.role.plan.Limit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code Platform.backupSearch} and its list/verify/prune end to end: real local hosts (a jump host and backup1,
 * where the snapshot records are kept: {@code backups.target.host}), a real OpenSearch node in this JVM listening on this machine's end of the jump host's outside link
 * only, and the spec's {@code backups.search.url} naming that address, as the jump host reaches it. Every request
 * of the engine goes to 127.0.0.1 on a port SshTunnel forwards through the jump host's SSH connection.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepChain.class)
class SearchBackupOnLocalHostsIT {
    static final int DOCS = 321;
    @TempDir
    static Path tmp;
    static PlatformSpec base;
    static PlatformSpec spec;
    static OpenSearchTestNode node;
    static String machineAddress;
    static String first;
    static final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void upAndNode() throws Exception {
        base = load("base.yaml", "");
        var created = Platform.open(base, options()).createVms(VmSelection.all());
        assertThat(created.anyFailed()).as(created.results().toString()).isFalse();
        Host jump = Platform.open(base, options()).listVms().host(base.jump()).orElseThrow();
        // The jump host's outside link is a /30: the jump host is .2 there, this machine .1.
        String jumpOutside = jump.publicIp().orElseThrow();
        byte[] a = InetAddress.getByName(jumpOutside).getAddress();
        a[3] = (byte) (a[3] - 1);
        machineAddress = InetAddress.getByAddress(a).getHostAddress();
        node = OpenSearchTestNode.start(tmp.resolve("opensearch"), machineAddress);
        URI url = node.httpUri();
        assertThat(url.getHost()).isEqualTo(machineAddress);
        // the node is not on 127.0.0.1: what reaches it from the engine (which talks to 127.0.0.1) came through the tunnel
        assertThatThrownBy(() -> new java.net.Socket(InetAddress.getLoopbackAddress(), url.getPort()).close())
                .isInstanceOf(java.net.ConnectException.class);
        SearchHttp http = new SearchHttp(url, Duration.ofSeconds(60));
        http.ok("PUT", "products", Map.of("settings", Map.of("index.number_of_shards", 2, "index.number_of_replicas", 0)), "create");
        bulk(url, "products", DOCS);
        spec = load("platform.yaml", """
                backups:
                  target: { host: backup1 }
                  search:
                    url: %s
                    repository: nightly
                    location: %s
                    indices: [products]
                    retention: { keep: 1 }
                """.formatted(url, node.repoRoot().resolve("nightly")));
    }

    static PlatformSpec load(String name, String backups) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, """
                environment: searchit
                domain: wpdn
                provider:
                  type: local
                  stateDir: %s
                jump: jump.searchit.wpdn
                hosts: [backup1]
                """.formatted(tmp.resolve("state")) + backups);
        return SpecLoader.load(file);
    }

    static PlatformOptions options() {
        return PlatformOptions.defaults().withSecrets(tmp.resolve("secrets")).withProgress((host, line) -> {
            progress.add(host + ": " + line);
            System.err.println(host + ": " + line);
        });
    }

    @AfterAll
    static void down() throws Exception {
        if (node != null) node.close();
        if (base != null) assertThat(Providers.local(base).down(base.environment(), Progress.NONE).failed()).isFalse();
    }

    static void bulk(URI url, String index, int n) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"").append(i).append("\"}}\n");
            b.append("{\"n\":").append(i).append("}\n");
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/_bulk?refresh=true"))
                        .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(b.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(r.body()).path("errors").asBoolean(true)).as(r.body()).isFalse();
    }

    static Platform platform() {
        return Platform.open(spec, options());
    }

    static final String RECORDS = "/var/backups/rolestack/.search-snapshots/nightly/";

    /** A command as root on backup1; its stdout. */
    static String onBackupHost(String command) {
        ExecOutcome out = Platform.open(spec, options().withLimit(Limit.parse("backup1"))).exec(ExecRequest.of(command).withRoot(true));
        assertThat(out.exitCode()).as(command + " -> " + out.hosts()).isZero();
        return out.hosts().get(0).stdout().strip();
    }

    @Test
    @Order(1)
    void aSnapshotTakenThroughTheJumpHostIsRestoreTestedAndValid() throws Exception {
        SearchBackupReport r = platform().backupSearch();
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.node()).isEqualTo(machineAddress + ":" + node.httpUri().getPort());
        StoredSnapshot s = r.snapshots().get(0);
        assertThat(s.valid()).isTrue();
        assertThat(BackupJUnitReport.xml(r)).contains("tests=\"1\" failures=\"0\"").contains("name=\"" + s.name() + "\"");
        assertThat(s.info().indices()).containsExactly("products");
        assertThat(s.record().orElseThrow().countsBefore()).containsEntry("products", (long) DOCS);
        assertThat(s.lastVerification().orElseThrow().restored()).containsEntry("products", (long) DOCS);
        // the record is kept beside the MariaDB backups, on the backup host, root's alone
        assertThat(onBackupHost("stat -c '%a %U' " + RECORDS + s.name() + ".json")).isEqualTo("600 root");
        // the repository was registered where the spec says, and the snapshot's files are there
        try (var files = Files.list(node.repoRoot().resolve("nightly"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).anyMatch(f -> f.startsWith("index-"));
        }
        assertThat(progress).anyMatch(l -> l.contains("forwarding 127.0.0.1 through the jump host to " + machineAddress));
        // messages name the node, never the tunnel's end
        assertThat(progress).noneMatch(l -> l.contains("http://127.0.0.1:"));
        first = s.name();
    }

    @Test
    @Order(2)
    void listAndVerifyReachTheNodeThroughTheJumpHostToo() {
        SearchBackupReport list = platform().listSearchSnapshots();
        assertThat(list.ok()).as(list.message()).isTrue();
        assertThat(list.snapshots()).extracting(StoredSnapshot::name).containsExactly(first);
        assertThat(list.message()).contains("1 snapshot(s), 1 valid");
        SearchBackupReport verify = platform().verifySearchSnapshot(Optional.empty());
        assertThat(verify.ok()).as(verify.message()).isTrue();
        assertThat(verify.message()).contains(first).contains("restore test passed");
    }

    @Test
    @Order(3)
    void pruneKeepsTheNewestValidSnapshot() {
        SearchBackupReport second = platform().backupSearch();
        assertThat(second.ok()).as(second.message()).isTrue();
        assertThat(second.snapshots().get(0).name()).isNotEqualTo(first);
        SearchBackupReport dry = platform().pruneSearchSnapshots(true);
        assertThat(dry.ok()).as(dry.message()).isTrue();
        assertThat(dry.message()).contains("would delete 1 snapshot(s) of 2");
        SearchBackupReport pruned = platform().pruneSearchSnapshots(false);
        assertThat(pruned.message()).contains("deleted 1 snapshot(s) of 2");
        assertThat(pruned.snapshots()).extracting(StoredSnapshot::name).containsExactly(second.snapshots().get(0).name());
        assertThat(onBackupHost("ls " + RECORDS)).isEqualTo(second.snapshots().get(0).name() + ".json");
    }

    @Test
    @Order(4)
    void aNodeTheJumpHostCannotReachIsAFailureNamingIt() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(machineAddress))) {
            closed = s.getLocalPort(); // nothing listens there once closed
        }
        PlatformSpec nowhere = load("nowhere.yaml", """
                backups:
                  target: { dir: %s }
                  search: { url: "http://%s:%d", repository: nightly }
                """.formatted(tmp.resolve("backups"), machineAddress, closed));
        SearchBackupReport r = Platform.open(nowhere, options()).listSearchSnapshots();
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("cannot forward to " + machineAddress + ":" + closed + " through the jump host")
                .contains("CONNECT_FAILED");
        System.err.println("unreachable node: " + r.message());
    }
}
