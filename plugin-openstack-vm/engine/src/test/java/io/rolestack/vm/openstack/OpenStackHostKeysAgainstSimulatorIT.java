package io.rolestack.vm.openstack;

import io.rolestack.core.events.Progress;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.KnownHostsStore;
import io.rolestack.core.remote.RemoteException;
import io.rolestack.core.remote.SshConnector;
import io.rolestack.core.remote.SshEndpoint;
import io.rolestack.core.remote.SshIdentity;
import io.rolestack.core.remote.SshSettings;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.Status;
import io.rolestack.core.secrets.InMemorySecretStore;
import io.rolestack.core.testing.OpenSshServer;
import io.rolestack.core.testing.TestKeys;
import io.rolestack.vm.VmRequest;
import io.rolestack.vm.openstack.simulator.OpenStackSimulator;
import io.rolestack.vm.openstack.simulator.RecordedCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.rolestack.vm.openstack.OpenStackProviderAgainstSimulatorIT.settings;
import static io.rolestack.vm.openstack.OpenStackProviderAgainstSimulatorIT.vm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Host keys without trust-on-first-use, through the real openstack4j client against the simulator:
 * the keys generated here travel in the user data, are stored and pinned before the first
 * connection, and a local sshd started with those keys (the booted VM's stand-in, on the address
 * the simulator gave the server) is reached through a jump host with TOFU off.
 */
class OpenStackHostKeysAgainstSimulatorIT {
    @TempDir
    Path tmp;

    OpenStackSimulator sim;
    InMemorySecretStore secrets;
    KnownHostsStore knownHosts;
    final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    final List<Result> reported = Collections.synchronizedList(new ArrayList<>());
    final Progress recorder = new Progress() {
        @Override
        public void step(String host, String message) {
            progress.add(host + ": " + message);
        }

        @Override
        public void result(Result r) {
            reported.add(r);
        }
    };

    @BeforeEach
    void start() {
        // A network on 127.0.0.0/24: the simulated server's fixed IP is a loopback address a
        // stand-in sshd can listen on, port 22, as the booted VM would.
        sim = OpenStackSimulator.start().buildDelay(Duration.ofMillis(200)).addNetwork("loop", "127.0.0", false);
        secrets = InMemorySecretStore.writable("test store", Map.of());
        knownHosts = new KnownHostsStore(tmp.resolve("known_hosts"), false);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    OpenStackProvider provider() {
        return OpenStackProvider.create(settings(Map.of("network", "loop")), sim.osEnvironment(), new HostKeyPins(secrets, knownHosts));
    }

    static String body(String privateKey) {
        // the base64 body of a PEM, without its armour lines
        return privateKey.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
    }

    @Test
    @SuppressWarnings("unchecked")
    void userDataCarriesTheGeneratedKeysWhichArePinnedAndNeverShown() throws Exception {
        HostName app1 = HostName.parse("app1.production.wpdn");
        List<Result> results;
        try (OpenStackProvider p = provider()) {
            results = p.create(List.of(vm("salt1.production.wpdn", true), vm("app1.production.wpdn", false)), recorder);
        }
        assertThat(results).extracting(Result::status).containsOnly(Status.CHANGED);
        SshHostKeys keys = new HostKeyPins(secrets, knownHosts).stored(app1).orElseThrow();

        Map<String, Object> doc = new Yaml().load(sim.userData(app1.fqdn()));
        Map<String, Object> sent = (Map<String, Object>) doc.get("ssh_keys");
        assertThat(sent).containsEntry("ed25519_private", keys.ed25519Private().value()).containsEntry("ed25519_public", keys.ed25519Public())
                .containsEntry("rsa_private", keys.rsaPrivate().value()).containsEntry("rsa_public", keys.rsaPublic());
        // Each server its own keys.
        assertThat(new HostKeyPins(secrets, knownHosts).stored(HostName.parse("salt1.production.wpdn")).orElseThrow().ed25519Public())
                .isNotEqualTo(keys.ed25519Public());

        String ip = p2(app1);
        for (String name : List.of(app1.fqdn(), "app1", ip)) {
            assertThat(knownHosts.isPinned(name, SshHostKeysTest.key(keys.ed25519Public()))).as(name).isTrue();
            assertThat(knownHosts.isPinned(name, SshHostKeysTest.key(keys.rsaPublic()))).as(name).isTrue();
        }
        // The jump host is pinned under its floating IP too (it is dialled there).
        String floating = sim.floatingIpsByServer().get("salt1.production.wpdn").get(0);
        SshHostKeys jumpKeys = new HostKeyPins(secrets, knownHosts).stored(HostName.parse("salt1.production.wpdn")).orElseThrow();
        assertThat(knownHosts.isPinned(floating, SshHostKeysTest.key(jumpKeys.ed25519Public()))).isTrue();

        // Private keys: in the user data (where cloud-init needs them), nowhere else.
        String ed = body(keys.ed25519Private().value());
        String rsa = body(keys.rsaPrivate().value()).substring(0, 200);
        String shown = String.join("\n", progress) + reported + results + results.stream().map(Result::diff).toList()
                + Files.readString(knownHosts.file());
        assertThat(shown).doesNotContain(ed.substring(0, 60)).doesNotContain(rsa).contains(keys.fingerprints());
        Path debugLog = Path.of("target/test-debug.log");
        if (Files.exists(debugLog)) {
            String log = Files.readString(debugLog);
            assertThat(log).doesNotContain(ed.substring(0, 60)).doesNotContain(rsa);
        }
        for (RecordedCall c : sim.calls()) {
            if (!c.path().endsWith("/servers")) assertThat(String.valueOf(c.body())).doesNotContain(ed.substring(0, 60));
        }
    }

    private String p2(HostName h) {
        try (OpenStackProvider p = provider()) {
            return p.list(h.environment()).host(h).orElseThrow().privateIp();
        }
    }

    @Test
    void aSecondRunKeepsTheKeysAndDeleteForgetsThem() throws Exception {
        HostName app1 = HostName.parse("app1.production.wpdn");
        try (OpenStackProvider p = provider()) {
            p.create(List.of(vm(app1.fqdn(), false)), recorder);
            SshHostKeys keys = new HostKeyPins(secrets, knownHosts).stored(app1).orElseThrow();
            String ip = p.list("production").host(app1).orElseThrow().privateIp();

            // Lose the pins (a run that stopped after the boot): the next run pins from the store.
            Files.writeString(knownHosts.file(), "");
            assertThat(p.create(List.of(vm(app1.fqdn(), false)), recorder)).extracting(Result::status).containsOnly(Status.OK);
            assertThat(knownHosts.isPinned(ip, SshHostKeysTest.key(keys.ed25519Public()))).isTrue();
            assertThat(new HostKeyPins(secrets, knownHosts).stored(app1)).contains(keys);
            assertThat(sim.calls("POST", "/servers")).hasSize(1);

            Result deleted = p.delete(app1, recorder);
            assertThat(deleted.status()).isEqualTo(Status.CHANGED);
            assertThat(deleted.diff()).contains("- known_hosts entries and stored host keys of " + app1.fqdn() + ", " + ip);
            assertThat(Files.readString(knownHosts.file())).isEmpty();
            assertThat(new HostKeyPins(secrets, knownHosts).stored(app1)).isEmpty();
        }
    }

    @Test
    void theFirstConnectionThroughTheJumpHostNeedsNoTofuAndAChangedKeyIsRefused() throws Exception {
        HostName app1 = HostName.parse("app1.production.wpdn");
        String ip;
        try (OpenStackProvider p = provider()) {
            assertThat(p.create(List.of(vm(app1.fqdn(), false)), recorder)).extracting(Result::status).containsOnly(Status.CHANGED);
            ip = p.list("production").host(app1).orElseThrow().privateIp();
        }
        assertThat(ip).startsWith("127.0.0.");
        SshHostKeys keys = new HostKeyPins(secrets, knownHosts).stored(app1).orElseThrow();

        // The booted VM's stand-in: sshd with exactly the keys the user data carried, on ip:22.
        Path ed = write(tmp.resolve("ssh_host_ed25519_key"), keys.ed25519Private().value());
        Path rsa = write(tmp.resolve("ssh_host_rsa_key"), keys.rsaPrivate().value());
        Path userKey = tmp.resolve("id_ed25519");
        TestKeys.generate(userKey);
        Path pub = Path.of(userKey + ".pub");
        String user = System.getProperty("user.name");
        try (OpenSshServer vm = OpenSshServer.withHostKeys("vm", tmp, pub, ip, 22, List.of(ed, rsa), "").start();
             OpenSshServer jump = OpenSshServer.create("jump", tmp, pub, "AllowTcpForwarding yes\nPermitOpen " + ip + ":22").start()) {
            // The jump host's own key is pinned as the test's stand-in jump; the target's only by the provider.
            Files.writeString(knownHosts.file(), Files.readString(knownHosts.file()) + jump.knownHostsLine() + "\n");
            String before = Files.readString(knownHosts.file());
            SshSettings strict = SshSettings.of(SshIdentity.file(userKey), new KnownHostsStore(knownHosts.file(), false),
                    new SshEndpoint("127.0.0.1", jump.port(), user));
            try (SshConnector ssh = new SshConnector(strict)) {
                ExecResult r = ssh.open("app1", SshEndpoint.of(ip, user)).exec(Command.of("echo reached"));
                assertThat(r.exitCode()).isZero();
                assertThat(r.stdout()).contains("reached");
            }
            assertThat(Files.readString(knownHosts.file())).isEqualTo(before); // nothing pinned on the way: no TOFU
        }

        // Same address, other keys (a reinstalled host, or someone in the middle): refused.
        Path other = tmp.resolve("other_host_key");
        TestKeys.generate(other);
        try (OpenSshServer impostor = OpenSshServer.withHostKeys("impostor", tmp, pub, ip, 22, List.of(other), "").start();
             OpenSshServer jump = OpenSshServer.create("jump2", tmp, pub, "AllowTcpForwarding yes\nPermitOpen " + ip + ":22").start()) {
            Files.writeString(knownHosts.file(), Files.readString(knownHosts.file()) + jump.knownHostsLine() + "\n");
            SshSettings tofu = SshSettings.of(SshIdentity.file(userKey), new KnownHostsStore(knownHosts.file(), true),
                    new SshEndpoint("127.0.0.1", jump.port(), user));
            try (SshConnector ssh = new SshConnector(tofu)) {
                assertThatThrownBy(() -> ssh.open("app1", SshEndpoint.of(ip, user)).exec(Command.of("true")))
                        .isInstanceOf(RemoteException.class).hasMessageContaining("HOST KEY MISMATCH for " + ip);
            }
        }
    }

    private static Path write(Path f, String content) throws Exception {
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }
}
