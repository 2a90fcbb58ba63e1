package io.rolestack.vm.local;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.wait.Wait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.rolestack.core.remote.Shell.quote;

/** A local host's life: its boot (sshd as PID 1 of its own namespaces), waiting for sshd, and its end (every process killed). */
final class HostBoot {
    private final LocalSettings settings;
    private final Remote machine;

    HostBoot(LocalSettings settings, Remote machine) {
        this.settings = settings;
        this.machine = machine;
    }

    /**
     * sshd as PID 1 of new mount, pid, uts and ipc namespaces inside the
     * host's network namespace, chrooted into its overlay, and the services
     * enabled at boot (/etc/rc2.d) started beside it. /run, /dev and
     * /dev/pts are fresh per boot (a hard reboot forgets pid files, as a real
     * one does); the shared apt archive cache is bound over
     * /var/cache/apt/archives. All of these mounts live in the host's mount
     * namespace and vanish with its last process.
     */
    void start(String s, String ns, Path hostDir) {
        String m = hostDir.resolve("merged").toString();
        // Only hosts whose apt takes turns on the directory (RootfsImage's flock wrapper) may share it;
        // the name changes with that protocol, so hosts of an older rootfs never share it with newer ones.
        Path archives = settings.cacheRoot().resolve(RootfsImage.SHARED_ARCHIVES);
        String q = quote(m);
        String boot = String.join("\n",
                "set -e",
                "hostname " + quote(s),
                "mount -t tmpfs -o mode=755,size=64m tmpfs " + q + "/run",
                "mkdir -p " + q + "/run/sshd " + q + "/run/lock",
                "mount -t tmpfs -o mode=755,size=1m tmpfs " + q + "/dev",
                "for d in null zero full random urandom tty; do touch " + q + "/dev/$d; mount --bind /dev/$d " + q + "/dev/$d; done",
                "mkdir " + q + "/dev/pts " + q + "/dev/shm",
                "mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5 devpts " + q + "/dev/pts",
                "ln -s pts/ptmx " + q + "/dev/ptmx",
                "ln -s /proc/self/fd " + q + "/dev/fd",
                "ln -s /proc/self/fd/0 " + q + "/dev/stdin; ln -s /proc/self/fd/1 " + q + "/dev/stdout; ln -s /proc/self/fd/2 " + q + "/dev/stderr",
                "mount -t tmpfs -o mode=1777 tmpfs " + q + "/dev/shm",
                "mount -t sysfs -o ro sysfs " + q + "/sys",
                "mount --bind " + quote(archives.toString()) + " " + q + "/var/cache/apt/archives",
                // What init does at boot: the services enabled for the default runlevel start (a reboot brings a
                // host's memcached or php-fpm back, as on a VM), beside sshd; sshd, as PID 1, reaps them. Not the ssh
                // service: sshd is PID 1 already, and a second one from its init script raced it for port 22; when
                // the init script's won, PID 1 exited "Address already in use" and took the host down with it
                // (CI, a few boots in a hundred).
                "( for s in " + q + "/etc/rc2.d/S*; do case \"${s##*/}\" in S[0-9][0-9]ssh) continue;; esac;"
                        + " { [ -x \"$s\" ] && chroot " + q + " /etc/rc2.d/\"${s##*/}\" start; } || true; done ) </dev/null &",
                "exec chroot " + q + " /usr/sbin/sshd -D -e");
        machine.run("mkdir -p " + quote(archives.resolve("partial").toString())
                + " && ip netns exec " + ns + " setsid unshare --mount --pid --uts --ipc --fork --mount-proc=" + q + "/proc"
                + " sh -c " + quote(boot) + " </dev/null >>" + quote(hostDir.resolve("console.log").toString()) + " 2>&1 &");
    }

    private static final Duration SSHD_START = Duration.ofSeconds(60);

    void await(String fqdn, String ns, Path hostDir) {
        // 60 s, not 20: in CI, seven hosts booting at once on two cores once left frontend1's sshd silent past 20 s.
        Wait.upTo(SSHD_START).every(Duration.ofMillis(100))
                .until(() -> !machine.exec(Command.of("ip netns exec " + ns + " ss -Hltn 'sport = :22'")).stdout().isBlank(),
                        () -> new LocalHostsException(fqdn + ": sshd not listening on port 22 after " + SSHD_START.toSeconds()
                                + " s; " + whyNot(ns, hostDir)));
    }

    /**
     * What the host shows when sshd does not come: its processes and the end of its console. Said in the error
     * itself, because a test's state directory (and the console.log in it) is gone once the test has cleaned up.
     */
    private String whyNot(String ns, Path hostDir) {
        String console = hostDir.resolve("console.log").toString();
        return machine.exec(Command.of("echo \"processes in " + ns + ": $(ip netns pids " + ns + " | xargs -r ps -o comm= -p | tr '\\n' ' ')\";"
                + " echo \"console.log (" + console + ") ends:\"; tail -n 12 " + quote(console) + " 2>&1")).stdout().strip().replace('\n', '|');
    }

    /** Kills every process in a network namespace and waits until none is left. */
    void killAll(String ns) {
        if (!Files.exists(Path.of("/run/netns", ns))) return;
        machine.run("for i in $(seq 1 100); do p=$(ip netns pids " + ns + "); [ -n \"$p\" ] || exit 0; kill -9 $p 2>/dev/null; sleep 0.1; done;"
                + " echo 'processes left in " + ns + "' >&2; exit 1");
    }
}
