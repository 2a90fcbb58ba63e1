package io.rolestack.vm.local;

import io.rolestack.core.events.Progress;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.Status;
import io.rolestack.core.wait.Wait;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code up} killed with SIGKILL half-way on real local hosts: {@code down} still removes everything it made. */
class LocalPlatformCrashSafetyIT {
    private static final LocalRemote MACHINE = new LocalRemote("machine");

    @Test
    void downAfterKillMinus9OfUpLeavesNothingOnTheMachine() throws Exception {
        LocalSettings settings = new LocalPlatform(LocalSettings.defaults()).freeSlot();
        LocalPlatform platform = new LocalPlatform(settings);
        String env = "crash" + UUID.randomUUID().toString().substring(0, 6);
        Path journal = settings.stateRoot().resolve(env).resolve(LocalPlatform.JOURNAL);
        Path log = Files.createTempFile("rolestack-up-child", ".log");
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), UpInChildProcess.class.getName(),
                settings.internalSubnet().toString(), settings.outsideSubnet().toString(), env,
                "jump", "app1", "app2", "app3", "app4")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // Kill as soon as the first host's overlay is journalled: network made, hosts half-made.
            // (up to 10 minutes: a cold rootfs build comes first)
            Wait.upTo(Duration.ofMinutes(10)).every(Duration.ofMillis(5)).until(() -> {
                if (!child.isAlive()) throw new IllegalStateException("up ended before it could be killed:\n" + read(log));
                return journalHas(journal, "MOUNT\t");
            }, () -> new IllegalStateException("up made no host in 10 minutes:\n" + read(log)));
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(Files.readString(log)).doesNotContain("up finished");

        LocalEnvironment left = platform.environment(env).orElseThrow();
        assertThat(platform.traces(left)).as("what the killed up left").isNotEmpty()
                .anyMatch(t -> t.startsWith("link ")).anyMatch(t -> t.startsWith("netns "));

        Result down = platform.down(env, Progress.NONE);
        assertThat(down.status()).as(down.message()).isEqualTo(Status.CHANGED);
        assertThat(platform.traces(left)).isEmpty();
        assertThat(platform.down(env, Progress.NONE).status()).isEqualTo(Status.OK); // idempotent
        Files.deleteIfExists(log);
    }

    /**
     * A killed run of the same environment with another state directory (so another journal) left its forwarding
     * chain, ending in DROP, and a host's namespace. Kernel objects are named after the environment: up must not take
     * them for its own (the DROP would stay ahead of its rules, the old namespace may run the old sshd). It refuses,
     * naming them, and changes nothing. Once they are removed by hand, up works; and a rule put by hand ahead of the
     * chain's own is gone after the next up (the chain is written whole).
     */
    @Test
    void leftoversOfAnotherStateDirectoryStopUpUntouchedAndTheChainIsWrittenBackWhole() throws Exception {
        LocalSettings settings = new LocalPlatform(LocalSettings.defaults()).freeSlot();
        LocalPlatform platform = new LocalPlatform(settings);
        String env = "stale" + UUID.randomUUID().toString().substring(0, 6);
        LinkNames names = new LinkNames(env);
        String chain = names.chain();
        String ns = names.netns("app1");
        List<HostName> hosts = List.of(HostName.parse("app1." + env + ".test"));
        HostName jump = HostName.parse("jump." + env + ".test");
        MACHINE.run("iptables -w -N " + chain + " && iptables -w -A " + chain + " -j DROP && ip netns add " + ns);
        try {
            List<Result> refused = platform.create(hosts, jump, Progress.NONE);
            assertThat(refused).hasSize(2).allMatch(Result::failed);
            assertThat(refused.get(0).message()).contains("iptables chain " + chain, "netns " + ns,
                    "not made by this state directory", "Nothing was changed");
            assertThat(MACHINE.run("iptables -w -S " + chain).stdout()).as("the stale chain, untouched").isEqualTo("-N " + chain + "\n-A " + chain + " -j DROP\n");
            assertThat(Path.of("/run/netns", names.netns(LinkNames.GATEWAY))).as("nothing made").doesNotExist();
        } finally {
            MACHINE.run("ip netns del " + ns + "; iptables -w -F " + chain + "; iptables -w -X " + chain);
        }
        try {
            platform.up(hosts, jump, Progress.NONE);
            MACHINE.run("iptables -w -I " + chain + " 1 -j DROP");
            assertThat(platform.create(hosts, jump, Progress.NONE)).noneMatch(Result::failed);
            List<String> rules = MACHINE.run("iptables -w -S " + chain).stdout().lines().filter(l -> l.startsWith("-A ")).toList();
            assertThat(rules).as("the chain after up").hasSize(5).endsWith("-A " + chain + " -j DROP")
                    .filteredOn(r -> r.endsWith("-j DROP")).hasSize(1);
            assertThat(rules.get(0)).contains("--dports 80,443 -j ACCEPT");
        } finally {
            Result down = platform.down(env, Progress.NONE);
            assertThat(down.failed()).as(down.message()).isFalse();
        }
        assertThat(MACHINE.exec(Command.of("iptables -w -n -L " + chain)).exitCode()).as("chain removed by down").isNotZero();
    }


    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static boolean journalHas(Path journal, String text) {
        try {
            return Files.exists(journal) && Files.readString(journal).contains(text);
        } catch (IOException e) {
            return false; // being written
        }
    }
}
