package io.rolestack.core.facts;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing recorded fact output (as a Debian host prints it) and what the script asks for. */
class FactScriptTest {
    private static FactQuery query() {
        return new FactQuery()
                .packages(List.of("nginx", "php8.2-fpm", "memcached"))
                .path("/etc/nginx/conf.d/up.conf").path("/etc/nginx/sites-enabled/default").path("/var/www/app")
                .path("/etc/nginx/sites-enabled/rolestack")
                .sysctl("vm.panic_on_oom").sysctl("net.ipv4.tcp_rmem")
                .service("nginx").service("memcached")
                .user("www-data").user("app").group("www-data")
                .line("/etc/default/x", "A=1").line("/etc/default/x", "B=2")
                .unless("test -e /nope");
    }

    static final String RECORDED = String.join("\n",
            "Linux motd noise from a login script",
            "I\tsysv",
            "P\tnginx\tinstalled\t1.22.1-9",
            "P\tphp8.2-fpm\tconfig-files\t8.2.7-1",
            "F\t/etc/nginx/conf.d/up.conf\tfile\troot root 644\t" + "ab".repeat(32),
            "F\t/etc/nginx/sites-enabled/default\tlink\t/etc/nginx/sites-available/default",
            "F\t/var/www/app\tdir\twww-data www-data 755",
            "F\t/etc/nginx/sites-enabled/rolestack\tabsent",
            "S\tvm.panic_on_oom\t0",
            "S\tnet.ipv4.tcp_rmem\t4096 131072   6291456",
            "V\tnginx\t1\t1\t0",
            "V\tmemcached\t0\t0\t0",
            "U\twww-data\twww-data,adm",
            "G\twww-data",
            "L\t1",
            "C\t0\t1",
            "A\t120",
            "B\t3f0c1a2e-0000-4000-8000-000000000001",
            "E", "");

    @Test
    void parsesEveryKindOfFact() {
        HostFacts f = FactScript.parse(RECORDED, query());
        assertThat(f.systemd()).isFalse();
        assertThat(f.installed("nginx")).isTrue();
        assertThat(f.installed("php8.2-fpm")).as("config-files only is not installed").isFalse();
        assertThat(f.installed("memcached")).isFalse();
        assertThat(f.path("/etc/nginx/conf.d/up.conf").sha256()).contains("ab".repeat(32));
        assertThat(f.path("/etc/nginx/conf.d/up.conf").mode()).isEqualTo(0644);
        assertThat(f.path("/etc/nginx/sites-enabled/default").linkTarget()).contains("/etc/nginx/sites-available/default");
        assertThat(f.path("/var/www/app").kind()).isEqualTo(PathFact.Kind.DIRECTORY);
        assertThat(f.path("/var/www/app").owner()).isEqualTo("www-data");
        assertThat(f.path("/etc/nginx/sites-enabled/rolestack").exists()).isFalse();
        assertThat(f.sysctl("vm.panic_on_oom")).contains("0");
        assertThat(f.sysctl("net.ipv4.tcp_rmem")).contains("4096 131072 6291456");
        assertThat(f.service("nginx")).isEqualTo(new ServiceFact("nginx", true, true, false));
        assertThat(f.service("memcached").installed()).isFalse();
        assertThat(f.users()).containsKey("www-data").doesNotContainKey("app");
        assertThat(f.users().get("www-data")).containsExactly("www-data", "adm");
        assertThat(f.groups()).containsExactly("www-data");
        assertThat(f.hasLine("/etc/default/x", "B=2")).isTrue();
        assertThat(f.hasLine("/etc/default/x", "A=1")).isFalse();
        assertThat(f.unlessExit("test -e /nope")).contains(1);
        assertThat(f.aptListsAge()).isEqualTo(120);
        assertThat(f.bootId()).isEqualTo("3f0c1a2e-0000-4000-8000-000000000001");
    }

    @Test
    void cutOffOutputIsAnError() {
        String cut = RECORDED.substring(0, RECORDED.indexOf("E\n"));
        assertThatThrownBy(() -> FactScript.parse(cut, query())).hasMessageContaining("no end marker");
    }

    @Test
    void scriptQuotesEverythingItIsGiven() {
        String s = FactScript.build(new FactQuery().packages(List.of("nginx")).path("/etc/it's here").unless("true"));
        assertThat(s).contains("'/etc/it'\"'\"'s here'").contains("'nginx'");
        assertThat(s).endsWith("echo E\n");
    }
}
