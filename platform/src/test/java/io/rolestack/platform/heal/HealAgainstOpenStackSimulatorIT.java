package io.rolestack.platform.heal;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.testing.TestKeys;
import io.rolestack.platform.Platform;
import io.rolestack.platform.PlatformOptions;
import io.rolestack.platform.vm.VmSelection;
import io.rolestack.role.plan.Limit;
import io.rolestack.vm.openstack.simulator.OpenStackSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Platform#heal} against the OpenStack simulator, through the real openstack4j provider. The servers'
 * port 22 are real TCP listeners ({@link SocketMachines}): a test hangs a machine by closing its listener, and
 * a hard reboot the simulator accepted brings it back. What was sent is read from the simulator's calls.
 */
class HealAgainstOpenStackSimulatorIT {
    static final String JUMP = "jump.production.wpdn";
    static final String APP1 = "app1.production.wpdn";
    static final String APP2 = "app2.production.wpdn";
    static final String APP3 = "app3.production.wpdn";

    @TempDir
    static Path tmp;
    static OpenStackSimulator cloud;
    static Path spec;
    static Map<String, Host> servers;

    SocketMachines machines;
    Path rebootLog;

    @BeforeAll
    static void createServers() throws Exception {
        cloud = OpenStackSimulator.start().buildDelay(Duration.ofMillis(100));
        Path key = tmp.resolve("deploy_ed25519");
        TestKeys.generate(key);
        spec = tmp.resolve("platform.yaml");
        Files.writeString(spec, """
                environment: production
                domain: wpdn
                provider:
                  type: openstack
                  image: debian-12
                  network: internal
                  subnetCidr: 10.20.0.0/24
                  flavor: m1.small
                  sshFrom: 198.51.100.0/24
                  pollInterval: 50ms
                jump: jump
                hosts: [app1, app2, app3]
                ssh:
                  identity: %s
                  knownHosts: %s
                """.formatted(key, tmp.resolve("known_hosts")));
        assertThat(open(Limit.all()).createVms(VmSelection.all()).anyFailed()).isFalse();
        servers = open(Limit.all()).listVms().hosts().stream().collect(Collectors.toMap(Host::fqdn, Function.identity()));
        assertThat(servers).containsOnlyKeys(JUMP, APP1, APP2, APP3);
    }

    @AfterAll
    static void stop() {
        if (cloud != null) cloud.close();
    }

    @BeforeEach
    void machines() {
        machines = new SocketMachines(cloud, JUMP);
        servers.keySet().forEach(machines::machine);
        rebootLog = tmp.resolve("reboots-" + System.nanoTime());
        cloud.clearCalls();
    }

    @AfterEach
    void stopMachines() {
        machines.close();
    }

    static Platform open(Limit limit) {
        return Platform.open(spec, PlatformOptions.defaults().withLimit(limit).withEnvironment(cloud.osEnvironment())
                .withSecrets(tmp.resolve("secrets")));
    }

    HealRequest request() {
        return HealRequest.defaults().withAttempts(3).withProbeInterval(Duration.ofMillis(100)).withProbeTimeout(Duration.ofSeconds(1))
                .withBackTimeout(Duration.ofSeconds(10)).withRebootLog(rebootLog);
    }

    HealReport heal(HealRequest request) {
        return open(Limit.all()).heal(request, machines.probes());
    }

    static Map<String, HealStatus> statuses(HealReport r) {
        return r.hosts().stream().collect(Collectors.toMap(HostHeal::host, HostHeal::status));
    }

    @Test
    void aDeadHostIsHardRebootedOnceAndComesBackHealthyHostsAreLeftAlone() {
        machines.machine(APP2).kill();

        HealReport r = heal(request());

        assertThat(statuses(r)).containsExactlyInAnyOrderEntriesOf(Map.of(JUMP, HealStatus.HEALTHY, APP1, HealStatus.HEALTHY,
                APP2, HealStatus.REBOOTED, APP3, HealStatus.HEALTHY));
        assertThat(r.hosts()).extracting(HostHeal::host).containsExactly(JUMP, APP1, APP2, APP3);
        HostHeal app2 = r.hosts().get(2);
        assertThat(app2.failedProbes()).isEqualTo(3);
        assertThat(app2.message()).contains("dead after 3 probes").contains("hard-rebooted").contains("SSH ok again");
        assertThat(machines.hardReboots()).as("hard reboots sent").isEqualTo(1);
        assertThat(machines.hardReboots(servers.get(APP2))).isEqualTo(1);
        assertThat(machines.machine(APP2).up()).isTrue();
        assertThat(r.exitCode()).isZero();

        // Right after: everything answers, nothing more is sent.
        HealReport again = heal(request());
        assertThat(statuses(again).values()).containsOnly(HealStatus.HEALTHY);
        assertThat(machines.hardReboots()).isEqualTo(1);
    }

    @Test
    void nothingIsRebootedWhileTheJumpHostIsDown() {
        machines.machine(APP2).kill();
        machines.machine(JUMP).kill();

        HealReport r = heal(request());

        assertThat(statuses(r).values()).containsOnly(HealStatus.REFUSED);
        assertThat(r.hosts().get(0).message()).contains("jump host unreachable").contains("never reboots the jump host");
        assertThat(r.hosts().get(2).message()).contains("the jump host is unreachable");
        assertThat(machines.hardReboots()).isZero();
        assertThat(cloud.calls("POST", "/action")).isEmpty();
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void atMostKHostsAreRebootedPerRun() {
        machines.machine(APP1).kill();
        machines.machine(APP3).kill();

        HealReport r = heal(request().withMaxReboots(1));

        assertThat(statuses(r)).containsEntry(APP1, HealStatus.REBOOTED).containsEntry(APP2, HealStatus.HEALTHY)
                .containsEntry(APP3, HealStatus.REFUSED);
        assertThat(r.hosts().get(3).message()).contains("dead (3 probes in a row").contains("1 host(s) per run at most (--max-reboots)");
        assertThat(machines.hardReboots()).isEqualTo(1);
        assertThat(machines.hardReboots(servers.get(APP1))).isEqualTo(1);
        assertThat(r.exitCode()).isEqualTo(1);

        // The next run takes the one left.
        HealReport next = heal(request().withMaxReboots(1));
        assertThat(statuses(next)).containsEntry(APP1, HealStatus.HEALTHY).containsEntry(APP3, HealStatus.REBOOTED);
        assertThat(machines.hardReboots()).isEqualTo(2);
        assertThat(next.exitCode()).isZero();
    }

    @Test
    void aHostIsRebootedAtMostOncePerIntervalAcrossRuns() throws Exception {
        machines.machine(APP3).kill();
        assertThat(statuses(heal(request().withMinInterval(Duration.ofMinutes(30))))).containsEntry(APP3, HealStatus.REBOOTED);
        assertThat(Files.readString(rebootLog)).contains(APP3 + " ");

        machines.machine(APP3).kill();
        HealReport second = heal(request().withMinInterval(Duration.ofMinutes(30)));
        assertThat(statuses(second)).containsEntry(APP3, HealStatus.REFUSED);
        assertThat(second.hosts().get(3).message()).contains("less than 30m ago (--min-interval)").contains(rebootLog.toString());
        assertThat(machines.hardReboots()).as("still the first reboot only").isEqualTo(1);

        // With a shorter interval the same log lets it through.
        HealReport third = heal(request().withMinInterval(Duration.ZERO));
        assertThat(statuses(third)).containsEntry(APP3, HealStatus.REBOOTED);
        assertThat(machines.hardReboots(servers.get(APP3))).isEqualTo(2);
    }

    @Test
    void aHostThatStaysDeadAfterTheRebootIsReportedFailed() {
        machines.machine(APP1).bootsOnReboot = false;
        machines.machine(APP1).kill();

        HealReport r = heal(request().withBackTimeout(Duration.ofSeconds(1)));

        assertThat(statuses(r)).containsEntry(APP1, HealStatus.FAILED);
        assertThat(r.hosts().get(1).message()).contains("hard-rebooted").contains("SSH did not come back within 1s");
        assertThat(machines.hardReboots()).isEqualTo(1);
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void aHostWhosePortStillAnswersTheJumpHostIsSuspectNotRebooted() {
        machines.machine(APP2).sshHung = true;

        HealReport r = heal(request());

        assertThat(statuses(r)).containsEntry(APP2, HealStatus.SUSPECT).containsEntry(APP1, HealStatus.HEALTHY);
        HostHeal app2 = r.hosts().get(2);
        assertThat(app2.probes()).isEqualTo(3);
        assertThat(app2.failedProbes()).isZero();
        assertThat(app2.message()).contains("not dead by the rule (0 of 3").contains("no SSH banner")
                .contains("port 22 answers from the jump host");
        assertThat(machines.hardReboots()).isZero();
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void aHostThatAnswersBeforeTheNthProbeIsHealthyNotRebooted() {
        machines.machine(APP1).kill();
        machines.machine(APP1).backAfterProbes = 2; // dead to the first two probes, up at the third

        HealReport r = heal(request());

        assertThat(statuses(r)).containsEntry(APP1, HealStatus.HEALTHY);
        assertThat(r.hosts().get(1).message()).startsWith("SSH ok at probe 3 (2 failed before: ");
        assertThat(machines.hardReboots()).isZero();
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void onlyTheSelectedHostsAreProbedAndRebooted() {
        // A dead host outside the limit is left alone, even with a single probe asked.
        machines.machine(APP2).kill();
        HealReport r = open(Limit.parse("app1,app3")).heal(request().withAttempts(1), machines.probes());
        assertThat(statuses(r)).containsOnlyKeys(APP1, APP3).containsValues(HealStatus.HEALTHY);
        assertThat(machines.hardReboots()).isZero();
    }
}
