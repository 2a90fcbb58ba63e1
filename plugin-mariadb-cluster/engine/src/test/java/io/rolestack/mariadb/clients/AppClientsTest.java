package io.rolestack.mariadb.clients;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.naming.HostName;
import io.rolestack.mariadb.replication.ReplicationAccount;
import io.rolestack.core.secrets.Secret;
import io.rolestack.core.ops.TemplateFile;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppClientsTest {
    private static final Secret PW = new Secret("it's \"a\" ${secret}\\;");
    private static final AppAccount ACCOUNT = AppAccount.of(PW);

    @Test
    void statementsCarryOnlyTheHashAndQuoteEveryAddress() {
        String sql = ACCOUNT.statements(true, Set.of("10.20.0.14"), Set.of("10.20.0.15"), Set.of("10.20.0.99"));
        assertThat(sql).doesNotContain(PW.value()).doesNotContain("secret")
                .startsWith("CREATE DATABASE IF NOT EXISTS `app`;\nDROP USER IF EXISTS 'rolestack_app'@'10.20.0.99';\n")
                .contains("CREATE OR REPLACE USER 'rolestack_app'@'10.20.0.15' IDENTIFIED BY PASSWORD '"
                        + ReplicationAccount.nativeHash(PW.value()) + "' REQUIRE SSL;\nGRANT ALL PRIVILEGES ON `app`.* TO 'rolestack_app'@'10.20.0.15';\n")
                .contains("CREATE OR REPLACE USER 'rolestack_app'@'10.20.0.14' IDENTIFIED BY PASSWORD '*");
        assertThat(ACCOUNT.statements(false, Set.of(), Set.of(), Set.of())).isEmpty();
        assertThat(ACCOUNT.expectedGrants("10.20.0.14")).containsExactlyInAnyOrder(
                "GRANT USAGE ON *.* TO `rolestack_app`@`10.20.0.14` IDENTIFIED BY PASSWORD '" + ReplicationAccount.nativeHash(PW.value()) + "' REQUIRE SSL",
                "GRANT ALL PRIVILEGES ON `app`.* TO `rolestack_app`@`10.20.0.14`");
        assertThat(ACCOUNT.toString()).doesNotContain(PW.value());
    }

    @Test
    void onlyIpLiteralsBecomeAccountHosts() {
        assertThat(AppAccount.checkedIp("10.20.0.14")).isEqualTo("10.20.0.14");
        assertThat(AppAccount.checkedIp("FD00::14")).isEqualTo("fd00::14");
        for (String bad : new String[] {"%", "10.20.0.%", "app1", "10.20.0.0/255.255.255.0", "10.20.0.256", "1.2.3.4' OR '1", "", null}) {
            assertThatThrownBy(() -> AppAccount.checkedIp(bad)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("app host address");
        }
        assertThatThrownBy(() -> new AppAccount("bad-user", "app", PW)).hasMessageContaining("bad-user");
        assertThatThrownBy(() -> new AppAccount("u", "app`; DROP", PW)).hasMessageContaining("app database name");
        assertThatThrownBy(() -> AppAccount.of(new Secret(""))).hasMessageContaining("empty");
    }

    @Test
    void iniNamesThePrimaryAndCarriesThePasswordAsBase64InAFileNoDiffShows() {
        ClientFiles f = ClientFiles.standard();
        Host primary = Host.of(HostName.parse("db2.production.wpdn"), "10.20.0.18");
        String ini = f.ini(primary, 3306, ACCOUNT);
        assertThat(ini).contains("[database]\nhost = \"10.20.0.18\"\nhost_name = \"db2.production.wpdn\"\nport = 3306\n"
                        + "user = \"rolestack_app\"\ndatabase = \"app\"\npassword_base64 = \""
                        + Base64.getEncoder().encodeToString(PW.value().getBytes(StandardCharsets.UTF_8)) + "\"\nca = \"/etc/rolestack/db-ca.pem\"\n")
                .contains("primary of production").doesNotContain(PW.value());
        assertThat(f.operations(primary, 3306, ACCOUNT, "CA")).filteredOn(o -> o instanceof TemplateFile)
                .map(o -> (TemplateFile) o)
                .extracting(t -> t.path() + " " + t.mode().owner() + ":" + t.mode().group() + " " + t.mode().octal() + " secret=" + t.secret())
                .containsExactly("/etc/rolestack/db-ca.pem root:root 0644 secret=false", "/etc/rolestack/db-app.ini root:www-data 0640 secret=true");
        assertThatThrownBy(() -> new ClientFiles("etc/rolestack", "www-data")).hasMessageContaining("absolute");
    }

    @Test
    void anAppsOwnAccountIsGrantedItsDatabaseOnlyWithUnderscoresEscaped() {
        AppAccount wp = AppAccount.forApp("app_my_wp", "my_wp", PW);
        String sql = wp.statements(true, Set.of("10.20.0.14"), Set.of(), Set.of());
        assertThat(sql).doesNotContain(PW.value())
                .startsWith("CREATE DATABASE IF NOT EXISTS `my_wp`;\n")
                .contains("CREATE OR REPLACE USER 'app_my_wp'@'10.20.0.14' IDENTIFIED BY PASSWORD '*")
                // '_' is a wildcard in a GRANT's database: unescaped, my_wp would also grant myxwp (another app's)
                .endsWith("REQUIRE SSL;\nGRANT ALL PRIVILEGES ON `my\\_wp`.* TO 'app_my_wp'@'10.20.0.14';\n");
        assertThat(wp.expectedGrants("10.20.0.14")).contains("GRANT ALL PRIVILEGES ON `my\\_wp`.* TO `app_my_wp`@`10.20.0.14`");
        assertThat(wp.toString()).isEqualTo("AppAccount[app_my_wp on my_wp]");
    }

    @Test
    void anAppsIniIsItsOwnFileBesideTheSharedOneInTheSameFormat() {
        ClientFiles f = ClientFiles.standard().forApp("app");
        assertThat(f.iniPath()).as("an app named 'app' never overwrites db-app.ini").isEqualTo("/etc/rolestack/db-app-app.ini");
        assertThat(ClientFiles.standard().forApp("my-wp").iniPath()).isEqualTo("/etc/rolestack/db-app-my-wp.ini");
        assertThat(f.caPath()).isEqualTo(ClientFiles.standard().caPath());
        Host primary = Host.of(HostName.parse("db2.production.wpdn"), "10.20.0.18");
        AppAccount wp = AppAccount.forApp("app_app", "blog", PW);
        String ini = f.ini(primary, 3306, wp);
        assertThat(ini).contains("database blog on the\n; primary of production")
                .contains("\n[database]\nhost = \"10.20.0.18\"\nhost_name = \"db2.production.wpdn\"\nport = 3306\nuser = \"app_app\"\ndatabase = \"blog\"\n")
                .doesNotContain(PW.value());
        assertThat(f.operations(primary, 3306, wp, "CA")).filteredOn(o -> o instanceof TemplateFile).map(o -> (TemplateFile) o)
                .extracting(t -> t.path() + " " + t.mode().owner() + ":" + t.mode().group() + " " + t.mode().octal() + " secret=" + t.secret())
                .containsExactly("/etc/rolestack/db-ca.pem root:root 0644 secret=false", "/etc/rolestack/db-app-app.ini root:www-data 0640 secret=true");
        assertThatThrownBy(() -> ClientFiles.standard().forApp("../x")).hasMessageContaining("not an app name");
        assertThatThrownBy(() -> new ClientFiles("/etc/rolestack", "www-data", "services.ini")).hasMessageContaining("db-app*.ini");
    }
}
