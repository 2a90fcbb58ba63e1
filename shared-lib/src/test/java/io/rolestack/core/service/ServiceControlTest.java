package io.rolestack.core.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceControlTest {
    @Test
    void picksTheImplementationByTheSystemdFact() {
        assertThat(ServiceControl.forSystemd(true)).isInstanceOf(SystemdServices.class);
        assertThat(ServiceControl.forSystemd(false)).isInstanceOf(SysVinitServices.class);
        assertThat(ServiceControl.SYSTEMD_BOOTED.script()).isEqualTo("test -d /run/systemd/system");
    }

    @Test
    void systemdCommands() {
        ServiceControl s = new SystemdServices();
        assertThat(s.restart("memcached").script()).isEqualTo("systemctl restart memcached");
        assertThat(s.isRunning("mariadb").script()).isEqualTo("systemctl is-active --quiet mariadb");
        assertThat(s.enable("nginx").script()).isEqualTo("systemctl enable --quiet nginx");
        assertThat(s.start("x").sudo()).isTrue();
    }

    @Test
    void sysvinitCommands() {
        ServiceControl s = new SysVinitServices();
        assertThat(s.restart("memcached").script()).isEqualTo("service memcached restart");
        assertThat(s.isRunning("mariadb").script()).isEqualTo("service mariadb status");
        assertThat(s.enable("nginx").script()).isEqualTo("update-rc.d nginx defaults >/dev/null && update-rc.d nginx enable");
        assertThat(s.isEnabled("nginx").script()).isEqualTo("ls /etc/rc2.d/S??nginx >/dev/null 2>&1");
    }

    @Test
    void aServiceNameCannotCarryShell() {
        assertThatThrownBy(() -> new SysVinitServices().start("x; rm -rf /")).hasMessageContaining("service name 'x; rm -rf /'");
        assertThatThrownBy(() -> new SystemdServices().stop("")).isInstanceOf(IllegalArgumentException.class);
    }
}
