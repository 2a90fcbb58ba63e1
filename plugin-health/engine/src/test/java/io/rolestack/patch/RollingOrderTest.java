package io.rolestack.patch;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.naming.HostName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RollingOrderTest {
    static List<Host> hosts(String... names) {
        int[] ip = {10};
        return java.util.Arrays.stream(names).map(n -> Host.of(HostName.parse(n + ".prod.wpdn"), "10.0.0." + ip[0]++)).toList();
    }

    static List<List<String>> shortNames(List<RollingOrder.Wave> waves) {
        return waves.stream().map(w -> w.hosts().stream().map(Host::shortName).toList()).toList();
    }

    @Test
    void oneHostAtATimeByDefaultRolesInSpecOrderDatabaseThenJumpLast() {
        List<RollingOrder.Wave> w = RollingOrder.waves(
                hosts("jump", "masterdb1", "app1", "db2", "memcache1", "app2", "frontend1"), Map.of());
        assertThat(shortNames(w)).containsExactly(List.of("app1"), List.of("app2"), List.of("memcache1"), List.of("frontend1"),
                List.of("db2"), List.of("masterdb1"), List.of("jump"));
        assertThat(w).extracting(RollingOrder.Wave::role).containsExactly("app", "app", "memcache", "frontend", "db", "db", "jump");
    }

    @Test
    void aShareOfARoleGoesAtOnceRoundedDownButAtLeastOne() {
        List<Host> h = hosts("app1", "app2", "app3", "app4", "app5", "db1", "db2");
        assertThat(shortNames(RollingOrder.waves(h, Map.of("app", Concurrency.parse("50%"), "db", Concurrency.parse("1")))))
                .containsExactly(List.of("app1", "app2"), List.of("app3", "app4"), List.of("app5"), List.of("db1"), List.of("db2"));
        assertThat(shortNames(RollingOrder.waves(hosts("app1", "app2", "app3"), Map.of("app", Concurrency.parse("10%")))))
                .containsExactly(List.of("app1"), List.of("app2"), List.of("app3"));
        assertThat(shortNames(RollingOrder.waves(hosts("app1", "app2", "app3"), Map.of("app", Concurrency.parse("5")))))
                .containsExactly(List.of("app1", "app2", "app3"));
    }

    @Test
    void theDatabasePrimaryAsTheServersSayGoesLastAloneAfterTheReplicasWhateverTheConcurrency() {
        List<Host> h = hosts("masterdb1", "db2", "db3", "db4", "app1");
        Map<String, Concurrency> two = Map.of("db", Concurrency.parse("2"));
        assertThat(shortNames(RollingOrder.waves(h, two)))
                .containsExactly(List.of("app1"), List.of("db2", "db3"), List.of("db4"), List.of("masterdb1"));
        // After a switchover db3 is the primary: masterdb1 is a replica like the others.
        assertThat(shortNames(RollingOrder.waves(h, two, java.util.Optional.of("db3.prod.wpdn"))))
                .containsExactly(List.of("app1"), List.of("masterdb1", "db2"), List.of("db4"), List.of("db3"));
        // A primary that is not selected (--limit db2) changes nothing.
        assertThat(shortNames(RollingOrder.waves(hosts("db2"), Map.of(), java.util.Optional.of("masterdb1.prod.wpdn"))))
                .containsExactly(List.of("db2"));
    }

    @Test
    void theOrderIsStableWhateverTheMapOrder() {
        List<Host> h = hosts("redis1", "app1", "redis2");
        assertThat(RollingOrder.waves(h, Map.of())).isEqualTo(RollingOrder.waves(h, Map.of("unrelated", Concurrency.ONE)));
        assertThat(shortNames(RollingOrder.waves(h, Map.of()))).containsExactly(List.of("redis1"), List.of("redis2"), List.of("app1"));
    }

    @Test
    void badConcurrencySaysWhatIsWrong() {
        assertThatThrownBy(() -> Concurrency.parse("half")).hasMessage("concurrency 'half' is neither a count (2) nor a share (50%)");
        assertThatThrownBy(() -> Concurrency.parse("0")).hasMessage("concurrency must be at least 1, was 0");
        assertThatThrownBy(() -> Concurrency.parse("150%")).hasMessage("concurrency must be 1% to 100%, was 150%");
        assertThat(Concurrency.parse(" 50% ").toString()).isEqualTo("50%");
    }
}
