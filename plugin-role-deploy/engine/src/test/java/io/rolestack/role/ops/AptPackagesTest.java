package io.rolestack.role.ops;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AptPackagesTest {
    @Test
    void installKeepsServicesStoppedAndIsNonInteractive() {
        String s = AptPackages.script(List.of("nginx", "php8.2-fpm"), false);
        // Ours only, and only when the host has none of its own; removed on exit.
        assertThat(s).contains("if [ ! -e /usr/sbin/policy-rc.d ]; then")
                .contains("exit 101").contains("trap 'rm -f /usr/sbin/policy-rc.d' EXIT")
                .contains("grep -qs 'rolestack' /usr/sbin/policy-rc.d && rm -f /usr/sbin/policy-rc.d");
        assertThat(s).contains("export DEBIAN_FRONTEND=noninteractive")
                .contains("apt-get install -y -q --no-install-recommends")
                .contains("--force-confold")
                .endsWith(" 'nginx' 'php8.2-fpm'\n")
                .doesNotContain("apt-get update");
        assertThat(AptPackages.script(List.of("nginx"), true)).contains("apt-get update -q");
    }
}
