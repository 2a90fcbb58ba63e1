package io.rolestack.vm.local;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ipv4SubnetTest {
    @Test
    void parsesAddressesAndSubnets() {
        Ipv4Subnet s = Ipv4Subnet.parse("10.213.0.0/24");
        assertThat(s.size()).isEqualTo(256);
        assertThat(s.address(1)).isEqualTo("10.213.0.1");
        assertThat(s.address(255)).isEqualTo("10.213.0.255");
        assertThat(s.contains("10.213.0.77")).isTrue();
        assertThat(s.contains("10.213.1.1")).isFalse();
        assertThat(s.toString()).isEqualTo("10.213.0.0/24");
    }

    @Test
    void splitsIntoSmallerSubnets() {
        Ipv4Subnet out = Ipv4Subnet.parse("10.214.0.0/29");
        assertThat(out.subnet(30, 0)).hasToString("10.214.0.0/30");
        assertThat(out.subnet(30, 1)).hasToString("10.214.0.4/30");
        assertThat(Ipv4Subnet.parse("10.214.0.0/16").subnet(29, 3)).hasToString("10.214.0.24/29");
        assertThatThrownBy(() -> out.subnet(30, 2)).hasMessageContaining("outside 10.214.0.0/29");
    }

    @Test
    void overlapIsSymmetric() {
        Ipv4Subnet a = Ipv4Subnet.parse("10.213.0.0/16");
        Ipv4Subnet b = Ipv4Subnet.parse("10.213.7.0/24");
        Ipv4Subnet c = Ipv4Subnet.parse("10.214.0.0/24");
        assertThat(a.overlaps(b)).isTrue();
        assertThat(b.overlaps(a)).isTrue();
        assertThat(a.overlaps(c)).isFalse();
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> Ipv4Subnet.parse("10.213.0.1/24")).hasMessageContaining("host bits");
        assertThatThrownBy(() -> Ipv4Subnet.parse("10.213.0.0")).hasMessageContaining("'10.213.0.0'");
        assertThatThrownBy(() -> Ipv4Subnet.parse("10.300.0.0/16")).hasMessageContaining("10.300.0.0/16");
        assertThatThrownBy(() -> Ipv4Subnet.parse("10.0.0.0/33")).hasMessageContaining("/33");
    }
}
