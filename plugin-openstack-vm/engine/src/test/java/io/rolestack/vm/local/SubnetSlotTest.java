package io.rolestack.vm.local;

import io.rolestack.core.naming.HostName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a new environment's subnets are chosen and kept (reserve makes nothing on the machine; it reads
 * its routes, so slots used by environments elsewhere on this machine are skipped too).
 */
class SubnetSlotTest {
    @TempDir
    Path state;

    private PlatformState reserve(LocalSettings settings, String env, boolean save) {
        HostName jump = HostName.parse("jump." + env + ".test");
        return new LocalPlatform(settings.withStateRoot(state)).reserve(env, List.of(jump, HostName.parse("app1." + env + ".test")), jump, save);
    }

    @Test
    void aSecondEnvironmentWithoutSubnetsGetsAFreeSlotAndKeepsIt() {
        PlatformState production = reserve(LocalSettings.defaults(), "production", true);
        PlatformState staging = reserve(LocalSettings.defaults(), "staging", true);
        assertThat(staging.internal().overlaps(production.internal())).isFalse();
        assertThat(staging.outside().overlaps(production.outside())).isFalse();
        assertThat(staging.internal().overlaps(production.outside()) || staging.outside().overlaps(production.internal())).isFalse();
        assertThat(staging.hosts().get("app1").address()).isNotEqualTo(production.hosts().get("app1").address());

        // up again: the same subnets and addresses, from the state, whatever is free now
        assertThat(PlatformState.load(state.resolve("staging")).orElseThrow()).isEqualTo(staging);
        assertThat(reserve(LocalSettings.defaults(), "staging", true)).isEqualTo(staging);
        assertThat(reserve(LocalSettings.defaults(), "production", true)).isEqualTo(production);
        // a third one gets yet another slot
        PlatformState third = reserve(LocalSettings.defaults(), "qa", true);
        assertThat(List.of(production.internal(), staging.internal())).noneMatch(third.internal()::overlaps);
    }

    @Test
    void aCheckOnlyReservationSavesNothing() {
        reserve(LocalSettings.defaults(), "production", false);
        assertThat(PlatformState.load(state.resolve("production"))).isEmpty();
    }

    @Test
    void givenSubnetsWinAndAreRefusedWhenInUse() {
        LocalSettings slot77 = LocalSettings.defaults().slot(77);
        PlatformState production = reserve(slot77, "production", true);
        assertThat(production.internal()).hasToString("10.213.77.0/24");
        assertThat(production.outside()).isEqualTo(slot77.outsideSubnet());

        assertThatThrownBy(() -> reserve(slot77, "staging", true))
                .isInstanceOf(SubnetInUseException.class)
                .hasMessageContaining("subnet 10.213.77.0/24 overlaps 10.213.77.0/24 of local environment production")
                .hasMessageContaining("leave subnet and jumpSubnet out");
        assertThat(PlatformState.load(state.resolve("staging"))).isEmpty();
        // automatic subnets step around it
        assertThat(reserve(LocalSettings.defaults(), "staging", true).internal()).isNotEqualTo(production.internal());
    }

    @Test
    void changingTheGivenSubnetsOfAnExistingEnvironmentIsRefused() {
        PlatformState production = reserve(LocalSettings.defaults().slot(78), "production", true);
        assertThatThrownBy(() -> reserve(LocalSettings.defaults().slot(79), "production", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("environment production exists with subnet 10.213.78.0/24")
                .hasMessageContaining("not 10.213.79.0/24");
        // leaving them out keeps them
        assertThat(reserve(LocalSettings.defaults(), "production", true)).isEqualTo(production);
    }
}
