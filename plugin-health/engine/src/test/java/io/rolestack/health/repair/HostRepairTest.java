package io.rolestack.health.repair;

import io.rolestack.health.CheckResult;
import io.rolestack.health.probe.MonitStatus;
import io.rolestack.role.watch.WatchedService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which failures a repair acts on. (The actions themselves run on real local hosts: HealthOnLocalHostsIT.) */
class HostRepairTest {
    final WatchedService memcached = new WatchedService("memcache", "memcached", "memcached", List.of(11211));
    final WatchedService nginx = new WatchedService("frontend", "nginx", "nginx", List.of(80));

    @Test
    void aFailedProcessOrPortCheckPointsAtItsServiceOnce() {
        List<CheckResult> checks = List.of(CheckResult.failed("process memcached", "running", "not running"),
                CheckResult.failed("tcp 11211", "open", "closed"), CheckResult.ok("tcp 22", "open", "open"),
                CheckResult.failed("http 80/rolestack-health.php", "200", "502"));
        assertThat(HostRepair.toRestart(checks, List.of(memcached, nginx))).containsExactly(memcached, nginx);
    }

    @Test
    void failuresNoServiceCanFixRestartNothing() {
        List<CheckResult> checks = List.of(CheckResult.failed("disk", "< 90%", "/ 95% used"),
                CheckResult.failed("tcp 110", "open", "closed"), CheckResult.ok("process memcached", "running", "running"));
        assertThat(HostRepair.toRestart(checks, List.of(memcached))).isEmpty();
        assertThat(new HostRepair(new RepairPolicy(true, true, Duration.ofMinutes(10))).wouldAct(checks, List.of(memcached))).isFalse();
    }

    @Test
    void onlyAnUnmonitoredServiceAsksForARearm() {
        assertThat(HostRepair.needsRearm(List.of(CheckResult.failed("monit", "", MonitStatus.UNMONITORED + "memcached")))).isTrue();
        assertThat(HostRepair.needsRearm(List.of(CheckResult.failed("monit", "", "not answering: x")))).isFalse();
        List<CheckResult> down = List.of(CheckResult.failed("process memcached", "running", "not running"));
        assertThat(new HostRepair(RepairPolicy.defaults()).wouldAct(down, List.of(memcached))).as("restart is asked for").isFalse();
        assertThat(new HostRepair(new RepairPolicy(true, false, Duration.ofMinutes(5))).wouldAct(down, List.of(memcached))).isTrue();
    }

    @Test
    void theIntervalIsAtLeastAMinute() {
        assertThatThrownBy(() -> new RepairPolicy(true, true, Duration.ofSeconds(30))).hasMessageContaining("at least 1 minute");
    }
}
