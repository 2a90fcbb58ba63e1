package io.rolestack.platform.heal;

import io.rolestack.core.events.Progress;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.core.testing.StepChain;
import io.rolestack.platform.Platform;
import io.rolestack.platform.PlatformOptions;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Platform.heal} with the real probes (SSH from here, TCP from the jump host) on real local hosts
 * (root): a host whose sshd is killed is found dead, hard-rebooted through the local provider (its processes
 * restarted) and reported back with SSH working; the run after reboots nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepChain.class)
class HealOnLocalHostsIT {
    static final String HOST = "memcache1.healit.wpdn";
    static final String JUMP = "jump.healit.wpdn";

    @TempDir
    static Path tmp;
    static PlatformSpec spec;
    static final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void writeSpec() throws Exception {
        Path file = tmp.resolve("platform.yaml");
        Files.writeString(file, """
                environment: healit
                domain: wpdn
                provider:
                  type: local
                  stateDir: %s
                jump: jump.healit.wpdn
                hosts: [memcache1]
                """.formatted(tmp.resolve("state")));
        spec = SpecLoader.load(file);
    }

    @AfterAll
    static void down() {
        if (spec != null) assertThat(Providers.local(spec).down(spec.environment(), Progress.NONE).failed()).isFalse();
    }

    static Platform platform() {
        return Platform.open(spec, PlatformOptions.defaults().withSecrets(tmp.resolve("secrets"))
                .withProgress((h, m) -> progress.add(h + ": " + m)));
    }

    static HealRequest request() {
        return HealRequest.defaults().withAttempts(2).withProbeInterval(Duration.ofSeconds(1)).withProbeTimeout(Duration.ofSeconds(5))
                .withBackTimeout(Duration.ofSeconds(60));
    }

    static Map<String, HealStatus> statuses(HealReport r) {
        return r.hosts().stream().collect(Collectors.toMap(HostHeal::host, HostHeal::status));
    }

    static Path rebootLog() {
        return tmp.resolve("state").resolve("healit").resolve("heal-reboots");
    }

    static boolean sshWorks() {
        return platform().exec(ExecRequest.of("true").withTimeout(Duration.ofSeconds(20))).exitCode() == 0;
    }

    @Test
    @Order(1)
    void healthyHostsAreLeftAlone() {
        assertThat(platform().createVms(VmSelection.all()).anyFailed()).isFalse();

        HealReport r = platform().heal(request());

        assertThat(statuses(r)).isEqualTo(Map.of(JUMP, HealStatus.HEALTHY, HOST, HealStatus.HEALTHY));
        assertThat(r.exitCode()).isZero();
        assertThat(rebootLog()).doesNotExist();
    }

    @Test
    @Order(2)
    void aHostWhoseSshdWasKilledIsHardRebootedAndBack() throws Exception {
        killSshd("rs-healit-memcache1");
        assertThat(platform().exec(ExecRequest.of("true").withTimeout(Duration.ofSeconds(20))).exitCode())
                .as("memcache1 is unreachable over SSH").isNotZero();

        HealReport r = platform().heal(request());

        assertThat(statuses(r)).as(r.toString()).isEqualTo(Map.of(JUMP, HealStatus.HEALTHY, HOST, HealStatus.REBOOTED));
        HostHeal host = r.hosts().stream().filter(h -> h.host().equals(HOST)).findFirst().orElseThrow();
        assertThat(host.failedProbes()).isEqualTo(2);
        assertThat(host.message()).contains("dead after 2 probes").contains("TCP").contains(":22 from the jump host")
                .contains("hard-rebooted").contains("SSH ok again");
        assertThat(r.exitCode()).isZero();
        assertThat(sshWorks()).as("SSH to memcache1 works again").isTrue();
        assertThat(Files.readString(rebootLog())).contains(HOST + " ");
        assertThat(progress).anyMatch(l -> l.startsWith(HOST) && l.contains("hard reboot"));
    }

    @Test
    @Order(3)
    void theRunAfterRebootsNothing() throws Exception {
        String log = Files.readString(rebootLog());

        HealReport r = platform().heal(request());

        assertThat(statuses(r).values()).containsOnly(HealStatus.HEALTHY);
        assertThat(Files.readString(rebootLog())).as("no reboot recorded").isEqualTo(log);
    }

    /** Kills every sshd of the host's network namespace (the other processes stay): the host no longer answers SSH. */
    static void killSshd(String netns) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "pids", netns).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        List<Long> sshd = out.lines().map(String::trim).filter(l -> !l.isEmpty()).map(Long::parseLong)
                .filter(pid -> comm(pid).equals("sshd")).toList();
        assertThat(sshd).as("sshd in " + netns).isNotEmpty();
        for (long pid : sshd) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
        } catch (java.io.IOException gone) {
            return "";
        }
    }
}
