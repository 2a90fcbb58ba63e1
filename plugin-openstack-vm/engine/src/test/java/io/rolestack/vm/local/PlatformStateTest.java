package io.rolestack.vm.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformStateTest {
    @TempDir
    Path dir;

    @Test
    void savesAndLoadsWithStableAddresses() {
        PlatformState s = new PlatformState("prod", Ipv4Subnet.parse("10.213.0.0/24"), Ipv4Subnet.parse("10.214.0.0/29"),
                Optional.of("jump"), Map.of());
        s = s.withHost("jump", new PlatformState.HostEntry("jump.prod.x", s.nextAddress()));
        s = s.withHost("app1", new PlatformState.HostEntry("app1.prod.x", s.nextAddress()));
        s.save(dir);
        PlatformState loaded = PlatformState.load(dir).orElseThrow();
        assertThat(loaded).isEqualTo(s);
        assertThat(loaded.hosts().get("jump").address()).isEqualTo("10.213.0.10");
        assertThat(loaded.hosts().get("app1").address()).isEqualTo("10.213.0.11");
        assertThat(loaded.jumpLinkAddress()).isEqualTo("10.214.0.2");
        assertThat(loaded.gatewayLink()).hasToString("10.214.0.4/30");
        // a freed address is given again, lowest first
        assertThat(loaded.withoutHost("jump").nextAddress()).isEqualTo("10.213.0.10");
    }

    @Test
    void aFullSubnetIsNamed() {
        PlatformState s = new PlatformState("prod", Ipv4Subnet.parse("10.213.0.0/28"), Ipv4Subnet.parse("10.214.0.0/29"),
                Optional.of("jump"), Map.of());
        for (int i = 0; i < 5; i++) s = s.withHost("h" + i, new PlatformState.HostEntry("h" + i + ".prod.x", s.nextAddress()));
        PlatformState full = s;
        assertThatThrownBy(full::nextAddress).hasMessageContaining("10.213.0.0/28").hasMessageContaining("full");
    }
}
