package io.rolestack.vm.local.testing;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.KnownHostsStore;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.SshEndpoint;
import io.rolestack.core.remote.SshIdentity;
import io.rolestack.core.result.Result;
import io.rolestack.vm.local.LocalEnvironment;
import io.rolestack.vm.local.LocalHostsException;
import io.rolestack.vm.local.LocalPlatform;
import io.rolestack.vm.local.LocalSettings;
import io.rolestack.vm.local.SubnetInUseException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * JUnit 5 fixture: real local Debian hosts behind a jump host, made once per
 * test class and removed after it.
 * <pre>{@code
 * @RegisterExtension
 * static LocalHosts hosts = LocalHosts.of("jump", "app1", "masterdb1");
 * ...
 * hosts.inventory(); hosts.remote("app1").run("hostname");   // SshRemote through the jump host
 * hosts.access()                                              // PlatformAccess: Function<Host, Remote> for engines
 * SSH by hand: hosts.jumpAddress():hosts.jumpPort(), hosts.knownHosts(), hosts.privateKey(), or ssh -F hosts.sshConfig() app1
 * }</pre>
 * Each use gets its own environment ({@code t} + random hex) and its own
 * subnets, so test classes of several modules can run at once. After the
 * class, the fixture checks nothing of the environment is left on the
 * machine and fails the class otherwise. Environments of test JVMs that died
 * (kill -9, crash) are removed at the next start.
 */
public final class LocalHosts implements BeforeAllCallback, AfterAllCallback {
    private static final String OWNER = "fixture.pid";
    /** Steps go to the test log: a slow rootfs build or a failing host shows there. */
    private static final Progress PRINT = (host, message) -> System.out.println("[local hosts] " + host + ": " + message);
    private final String jumpName;
    private final List<String> others;
    private final String domain;
    private LocalPlatform platform;
    private LocalEnvironment env;
    private PlatformAccess access;

    private LocalHosts(String jumpName, List<String> others, String domain) {
        this.jumpName = jumpName;
        this.others = List.copyOf(others);
        this.domain = domain;
    }

    /** Hosts by short name; the first is the jump host. */
    public static LocalHosts of(String jump, String... others) {
        return new LocalHosts(jump, List.of(others), "test");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        LocalPlatform base = new LocalPlatform(LocalSettings.defaults());
        removeOrphans(base);
        base.prepare(PRINT); // the rootfs first: a slot picked before a long build may be taken meanwhile
        String name = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 7).toLowerCase(Locale.ROOT);
        Path dir = base.settings().stateRoot().resolve(name);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(OWNER), ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HostName jump = HostName.parse(jumpName + "." + name + "." + domain);
        List<HostName> hosts = others.stream().map(s -> HostName.parse(s + "." + name + "." + domain)).toList();
        try {
            for (int attempt = 1; env == null; attempt++) {
                platform = new LocalPlatform(base.freeSlot());
                try {
                    env = platform.up(hosts, jump, PRINT);
                } catch (SubnetInUseException e) {
                    // another test JVM took the slot between our pick and our reservation
                    if (attempt == 5) throw e;
                }
            }
        } catch (RuntimeException e) {
            base.down(name, PRINT);
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (env == null) return;
        if (access != null) access.close();
        Result r = platform.down(env.environment(), PRINT);
        if (r.failed()) throw new LocalHostsException("down of " + env.environment() + " failed: " + r.message());
        List<String> left = platform.traces(env);
        if (!left.isEmpty()) throw new LocalHostsException("left on this machine after down of " + env.environment() + ": " + left);
    }

    /** Environments a dead test JVM left behind (its pid is gone). */
    private static void removeOrphans(LocalPlatform platform) {
        Path root = platform.settings().stateRoot();
        if (!Files.isDirectory(root)) return;
        List<String> orphans = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path d : s.filter(Files::isDirectory).toList()) {
                Path owner = d.resolve(OWNER);
                if (!Files.exists(owner)) continue;
                long pid = Long.parseLong(Files.readString(owner).strip());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                orphans.add(d.getFileName().toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        orphans.forEach(o -> platform.down(o, PRINT));
    }

    public LocalPlatform platform() {
        return platform;
    }

    public LocalEnvironment environment() {
        return env;
    }

    public Inventory inventory() {
        return platform.environment(env.environment()).orElseThrow().inventory();
    }

    /** A host by short name. */
    public Host host(String shortName) {
        return inventory().host(shortName).orElseThrow(() -> new IllegalArgumentException("no local host " + shortName + " in " + inventory()));
    }

    public Host jump() {
        return env.jump();
    }

    /** The jump host's address on its outside link, reachable from this machine. */
    public String jumpAddress() {
        return env.jumpAddress();
    }

    public int jumpPort() {
        return env.jumpPort();
    }

    public Path knownHosts() {
        return env.knownHosts();
    }

    public Path privateKey() {
        return env.privateKey();
    }

    /** OpenSSH client config: {@code ssh -F sshConfig() app1}. */
    public Path sshConfig() {
        return env.sshConfig();
    }

    /**
     * SSH (sshj) to every host as root: the jump host on its outside address,
     * the others through it; host keys checked against {@link #knownHosts()},
     * never trusted on first use. One session per host, reused; closed after the class.
     */
    public synchronized PlatformAccess access() {
        if (access == null) {
            access = new PlatformAccess(inventory(), env.jump(), new SshEndpoint(env.jumpAddress(), env.jumpPort(), "root"),
                    SshIdentity.file(env.privateKey()), new KnownHostsStore(env.knownHosts(), false));
        }
        return access;
    }

    /** The session to a host (by short name); do not close it, the fixture does. */
    public Remote remote(String shortName) {
        return access().apply(host(shortName));
    }

    /** Runs a script on a host and returns what it did (non-zero exits returned). */
    public ExecResult exec(String shortName, String script) {
        return remote(shortName).exec(Command.of(script));
    }
}
