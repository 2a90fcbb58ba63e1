package io.rolestack.vm.local;

import io.rolestack.core.events.Progress;
import io.rolestack.core.naming.HostName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input fails with a clear message, before anything is made (no root needed: nothing is run). See LocalPlatformPreflightIT. */
class LocalPlatformPreflightTest {
    @TempDir
    Path state;

    private final HostName jump = HostName.parse("jump.pf.test");
    private final HostName app1 = HostName.parse("app1.pf.test");

    private LocalSettings settings() {
        return LocalSettings.defaults().slot(200).withStateRoot(state);
    }

    @Test
    void duplicateHostnamesAreRefused() {
        LocalPlatform p = new LocalPlatform(settings());
        assertThatThrownBy(() -> p.create(List.of(app1, HostName.parse("app1.pf.test")), jump, Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate hostname app1");
        assertThatThrownBy(() -> p.create(List.of(HostName.parse("app1.other.test")), jump, Progress.NONE))
                .hasMessageContaining("app1.other.test is not in the jump host's environment 'pf'");
        assertThat(state).isEmptyDirectory();
    }

    @Test
    void aSubnetTooSmallIsRefused() {
        LocalSettings small = settings().withSubnets(Ipv4Subnet.parse("10.213.200.0/28"), Ipv4Subnet.parse("10.214.6.64/29"));
        List<HostName> six = List.of("app1", "app2", "app3", "app4", "app5").stream().map(s -> HostName.parse(s + ".pf.test")).toList();
        assertThatThrownBy(() -> new LocalPlatform(small).create(six, jump, Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("internal subnet 10.213.200.0/28 is too small for 6 hosts");
        assertThat(state).isEmptyDirectory();
        assertThatThrownBy(() -> settings().withSubnets(Ipv4Subnet.parse("10.213.0.0/24"), Ipv4Subnet.parse("10.214.0.0/30")))
                .hasMessageContaining("needs a /29");
    }
}
