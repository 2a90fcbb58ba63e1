package io.rolestack.health;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.RemoteException;
import io.rolestack.health.probe.SystemProbes;
import io.rolestack.health.repair.RepairPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class HealthCheckerTest {
    @Test
    void anUnreachableHostFailsAloneAndTheOthersAreStillChecked() {
        Host up = Host.of(HostName.parse("app1.production.wpdn"), "127.0.0.1");
        Host down = Host.of(HostName.parse("app2.production.wpdn"), "10.255.0.2");
        try (LocalRemote local = new LocalRemote("app1")) {
            Function<Host, Remote> remotes = h -> {
                if (h.equals(down)) throw new RemoteException("app2", "connect to 10.255.0.2:22 timed out");
                return local;
            };
            HealthReport r = new HealthChecker(remotes, 2, Progress.NONE, RepairPolicy.reportOnly()).check(List.of(
                    new HealthChecker.Target(up, List.of(new SystemProbes.Memory(1), new SystemProbes.RebootRequired()), List.of()),
                    new HealthChecker.Target(down, List.of(new SystemProbes.Memory(1)), List.of())));
            assertThat(r.hosts()).extracting(HostHealth::host).containsExactly("app1.production.wpdn", "app2.production.wpdn");
            assertThat(r.hosts().get(0).healthy()).as(r.hosts().get(0).toString()).isTrue();
            assertThat(r.hosts().get(1).checks()).singleElement().satisfies(c -> {
                assertThat(c.name()).isEqualTo("ssh");
                assertThat(c.seen()).contains("timed out");
            });
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.summary().results()).hasSize(3);
            assertThat(r.summary().anyFailed()).isTrue();
        }
    }
}
