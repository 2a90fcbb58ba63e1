package io.rolestack.vm.local;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.result.Result;
import io.rolestack.core.testing.StepChain;
import io.rolestack.core.wait.Wait;
import io.rolestack.vm.local.testing.LocalHosts;
import io.rolestack.core.service.ServiceControl;
import io.rolestack.core.service.SysVinitServices;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.rolestack.core.remote.Shell.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Three real local hosts (jump + 2) through the fixture, reached with the real OpenSSH client. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepChain.class) // a failed step aborts the later ones, naming itself: no cascade of unrelated failures
class LocalHostsIT {
    @RegisterExtension
    static LocalHosts hosts = LocalHosts.of("jump", "app1", "memcache1");

    private final LocalRemote machine = new LocalRemote();

    private String ssh(String args) {
        return "ssh -F " + quote(hosts.sshConfig().toString()) + " " + args;
    }

    @Test
    @Order(1)
    void internalHostIsUnreachableFromTheMachineButReachableThroughTheJumpHost() {
        Host app = hosts.host("app1");
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(app.privateIp(), 22), 2000);
            }
        }).isInstanceOf(IOException.class);
        // The machine has no address in the internal subnet (the bridge is bare).
        List<String> addresses = List.of(machine.run("ip -4 -o addr show | awk '{print $4}' | cut -d/ -f1").stdout().strip().split("\n"));
        assertThat(addresses).isNotEmpty().noneMatch(a -> hosts.environment().internal().contains(a));

        assertThat(hosts.exec("app1", "hostname").stdout().strip()).isEqualTo("app1");
        assertThat(hosts.exec("app1", "cat /proc/1/cmdline | tr '\\0' ' '").stdout()).startsWith("sshd:");
        assertThat(hosts.exec("app1", "getent hosts memcache1." + hosts.environment().environment() + ".test").stdout())
                .contains(hosts.host("memcache1").privateIp());
    }

    @Test
    @Order(2)
    void jumpHostIsReachableOnItsOutsideAddressAndDoesNotForward() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hosts.jumpAddress(), hosts.jumpPort()), 2000);
        }
        assertThat(hosts.jump().publicIp()).contains(hosts.jumpAddress());
        assertThat(hosts.exec("jump", "hostname; cat /proc/sys/net/ipv4/ip_forward").stdout()).isEqualTo("jump\n0\n");
    }

    @Test
    @Order(3)
    void hostKeysArePinnedNotTrustedOnFirstUse() throws IOException {
        // A known_hosts with another key for the jump host's address: the client must refuse.
        Path other = Files.createTempFile("rolestack-kh", "");
        try {
            machine.run("ssh-keygen -q -t ed25519 -N '' -f " + other + ".key");
            String fake = Files.readString(Path.of(other + ".key.pub")).split(" ")[1];
            Files.writeString(other, hosts.jumpAddress() + " ssh-ed25519 " + fake + "\n");
            ExecResult r = machine.exec(Command.of(ssh("-o UserKnownHostsFile=" + other + " jump true")));
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.stderr()).contains("Host key verification failed");
            assertThat(Files.readString(hosts.knownHosts())).contains(hosts.jumpAddress())
                    .contains(hosts.host("app1").privateIp()).contains(hosts.host("memcache1").privateIp());
        } finally {
            Files.deleteIfExists(other);
            Files.deleteIfExists(Path.of(other + ".key"));
            Files.deleteIfExists(Path.of(other + ".key.pub"));
        }
    }

    @Test
    @Order(4)
    void aptInstallsMemcachedFromTheMirrorAndItIsReachableThroughTheJumpHost() {
        Host mc = hosts.host("memcache1");
        Remote r = hosts.remote("memcache1");
        r.run(Command.of("DEBIAN_FRONTEND=noninteractive apt-get install -y -q memcached"));
        ServiceControl services = ServiceControl.detect(r);
        assertThat(services).isInstanceOf(SysVinitServices.class);
        r.run("sed -i 's/^-l 127.0.0.1/-l 0.0.0.0/' /etc/memcached.conf");
        r.run(services.restart("memcached"));
        assertThat(r.exec(services.isRunning("memcached")).ok()).isTrue();
        // A direct-tcpip channel through the jump host (ssh -W) to memcached on the internal host.
        String reply = machine.run(Command.of(ssh("-W " + mc.privateIp() + ":11211 jump"))
                .withStdin("version\r\nquit\r\n")).stdout();
        assertThat(reply).startsWith("VERSION 1.");
        r.run(services.stop("memcached"));
        assertThat(r.exec(services.isRunning("memcached")).ok()).isFalse();
    }

    @Test
    @Order(5)
    void hostsShareTheAptArchiveCacheAndTakeTurnsOnIt() throws Exception {
        // memcache1 fetched these above. While this machine holds the hosts' shared apt turn (the flock
        // their apt-get wrapper takes), two hosts start installing: both wait instead of failing on
        // apt's archives lock, finish after the turn is released, and download nothing.
        Path turn = LocalSettings.defaults().cacheRoot().resolve(RootfsImage.SHARED_ARCHIVES).resolve(".rolestack-apt.lock");
        Process holder = new ProcessBuilder("flock", turn.toString(), "sleep", "3").start();
        // wait until the holder has the lock (a non-blocking flock of the same file conflicts), not a guessed pause
        Wait.upTo(Duration.ofSeconds(2)).every(Duration.ofMillis(20)).until(() -> locked(turn),
                () -> new IllegalStateException("flock did not take " + turn + " within 2 s"));
        assertThat(holder.isAlive()).as("the machine holds the turn").isTrue();
        Command install = Command.of("DEBIAN_FRONTEND=noninteractive apt-get install -y libevent-2.1-7 netbase");
        var app = CompletableFuture.supplyAsync(() -> hosts.remote("app1").run(install).stdout());
        var jump = CompletableFuture.supplyAsync(() -> hosts.remote("jump").run(install).stdout());
        assertThat(holder.waitFor()).isZero();
        assertThat(app.isDone() || jump.isDone()).as("an install finished while the turn was held").isFalse();
        assertThat(app.get()).contains("Need to get 0 B");
        assertThat(jump.get()).contains("Need to get 0 B");
        assertThat(hosts.exec("app1", "dpkg -s libevent-2.1-7 | grep -q 'Status: install ok installed'").ok()).isTrue();
    }

    @Test
    @Order(6)
    void internalHostsReachOnlyWebAndDnsPortsOutside() throws IOException {
        // A listener on this machine's end of the gateway link: the jump host (no gateway) reaches it,
        // an internal host does not (the gateway forwards only tcp 80/443 and DNS).
        String machineSide = hosts.environment().outside().subnet(30, 1).address(1);
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName(machineSide))) {
            String probe = "nc -z -w 3 " + machineSide + " " + listener.getLocalPort();
            assertThat(hosts.exec("jump", probe).exitCode()).isZero();
            assertThat(hosts.exec("app1", probe).exitCode()).isNotZero();
        }
    }

    @Test
    @Order(7)
    void hardRebootKillsEveryProcessAndBringsSshdBack() {
        String before = hosts.exec("app1", "sleep 600 >/dev/null 2>&1 & echo $!").stdout().strip();
        assertThat(hosts.exec("app1", "kill -0 " + before).ok()).isTrue();
        Result r = hosts.platform().hardReboot(hosts.host("app1").name(), Progress.NONE);
        assertThat(r.changed()).isTrue();
        assertThat(hosts.exec("app1", "ps -eo comm= | sort | tr '\\n' ' '").stdout()).doesNotContain("sleep");
        assertThat(hosts.exec("app1", "hostname").stdout().strip()).isEqualTo("app1");
        // sshd is PID 1, the only one listening: the ssh init script is not run at boot (a second sshd raced PID 1
        // for port 22, and when it won the host went down)
        assertThat(hosts.exec("app1", "cat /proc/1/cmdline | tr '\\0' ' '").stdout().strip()).startsWith("sshd: /usr/sbin/sshd -D -e");
        assertThat(hosts.environment().stateDir().resolve("hosts/app1/console.log")).content()
                .doesNotContain("Starting OpenBSD Secure Shell server");
    }

    @Test
    @Order(8)
    void upAgainChangesNothing() throws IOException {
        var env = hosts.environment();
        Path journal = env.stateDir().resolve(LocalPlatform.JOURNAL);
        String journalBefore = Files.readString(journal);
        List<String> before = hosts.platform().traces(env);
        List<Result> again = hosts.platform().create(
                env.inventory().hosts().stream().map(Host::name).toList(), env.jump().name(), Progress.NONE);
        assertThat(again).hasSize(3).allMatch(x -> x.status() == io.rolestack.core.result.Status.OK, "all ok");
        assertThat(Files.readString(journal)).isEqualTo(journalBefore);
        assertThat(hosts.platform().traces(env)).isEqualTo(before)
                .contains("netns rs-" + env.environment() + "-app1", "netns rs-" + env.environment() + "--gw");
    }

    /** Whether someone holds a flock on {@code file} (ours would conflict: flock -n exits with -E's code). */
    private static boolean locked(Path file) {
        try {
            return new ProcessBuilder("flock", "-n", "-E", "75", file.toString(), "true").start().waitFor() == 75;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
