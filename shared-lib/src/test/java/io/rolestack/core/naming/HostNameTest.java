package io.rolestack.core.naming;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostNameTest {

    @Test
    void parsesRoleQualifierIndexEnvironmentAndDomain() {
        HostName h = HostName.parse("redis-sessions1.production.wpdn");
        assertThat(h.role()).isEqualTo("redis");
        assertThat(h.qualifiers()).containsExactly("sessions");
        assertThat(h.roles()).containsExactly("redis", "sessions");
        assertThat(h.index()).isEqualTo(OptionalInt.of(1));
        assertThat(h.environment()).isEqualTo("production");
        assertThat(h.domain()).isEqualTo("wpdn");
        assertThat(h.poolKey()).isEqualTo("redis-sessions");
        assertThat(h.primary()).isFalse();
        assertThat(h.fqdn()).isEqualTo("redis-sessions1.production.wpdn");
    }

    @Test
    void saltOnStagingHasNoIndex() {
        HostName h = HostName.parse("salt.staging.wpdn");
        assertThat(h.role()).isEqualTo("salt");
        assertThat(h.qualifiers()).isEmpty();
        assertThat(h.index()).isEmpty();
        assertThat(h.environment()).isEqualTo("staging");
    }

    @Test
    void masterdbIsThePrimaryOfTheDbPool() {
        HostName m = HostName.parse("masterdb1.production.wpdn");
        assertThat(m.role()).isEqualTo("db");
        assertThat(m.primary()).isTrue();
        assertThat(m.shortName()).isEqualTo("masterdb1");
        HostName r = HostName.parse("db2.production.wpdn");
        assertThat(r.role()).isEqualTo("db");
        assertThat(r.primary()).isFalse();
    }

    @Test
    void missingEnvironmentAndDomainTakeTheSchemesDefaults() {
        NamingScheme scheme = NamingScheme.DEFAULT.withDefaults("staging", "wpdn");
        HostName h = HostName.parse("app1", scheme);
        assertThat(h.environment()).isEqualTo("staging");
        assertThat(h.domain()).isEqualTo("wpdn");
        assertThat(HostName.parse("app1.qa", scheme).environment()).isEqualTo("qa");
        assertThat(HostName.parse("app1.qa", scheme).domain()).isEqualTo("wpdn");
        assertThat(HostName.parse("app1.qa.example.org", scheme).domain()).isEqualTo("example.org");
    }

    @Test
    void uppercaseIsNormalisedAndTrailingDotAccepted() {
        HostName h = HostName.parse("Frontend2.Production.WPDN.");
        assertThat(h.fqdn()).isEqualTo("frontend2.production.wpdn");
        assertThat(h.role()).isEqualTo("frontend");
    }

    @Test
    void severalQualifiersKeepTheirOrder() {
        assertThat(HostName.parse("app-php-legacy12.production.wpdn").roles()).containsExactly("app", "php", "legacy");
        assertThat(HostName.parse("app-php-legacy12.production.wpdn").index()).isEqualTo(OptionalInt.of(12));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|is empty",
            "app_1.production.wpdn|character outside [a-z0-9-]",
            "-app1.production.wpdn|starts or ends with '-'",
            "app1-.production.wpdn|starts or ends with '-'",
            "app1..wpdn|empty label",
            "app-x--y1.production.wpdn|empty role/qualifier",
            "1app.production.wpdn|does not match the naming pattern",
            "app1.prod uction.wpdn|character outside",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1.production|longer than 63",
            "app1234567890.production.wpdn|more than 9 digits",
            // Kelvin sign and dotted capital I: Unicode case folding would turn them into ASCII letters.
            "\u212Aeystone1.production.wpdn|character outside [a-z0-9-]",
            "\u0130mage1.production.wpdn|character outside [a-z0-9-]",
    })
    void rejectsInvalidNamesNamingInputAndRule(String input, String rule) {
        assertThatThrownBy(() -> HostName.parse(input))
                .isInstanceOf(InvalidHostNameException.class)
                .hasMessageContaining("'" + input + "'")
                .hasMessageContaining(rule);
    }

    @Test
    void rejectsNamesLongerThan253() {
        String name = "app1." + String.join(".", java.util.Collections.nCopies(50, "abcd"));
        assertThatThrownBy(() -> HostName.parse(name)).hasMessageContaining("longer than 253");
    }

    @Test
    void schemeFromASpecPatternSupportsOtherConventions() {
        // A team naming hosts "prod-web-03": environment first, then role, then index.
        NamingScheme scheme = NamingScheme.of("(?<envprefix>[a-z]+)-(?<role>[a-z]+)-(?<index>[0-9]+)",
                Map.of(), "production", "corp");
        HostName h = HostName.parse("prod-web-03.production.corp", scheme);
        assertThat(h.role()).isEqualTo("web");
        assertThat(h.index()).isEqualTo(OptionalInt.of(3));
        assertThat(h.qualifiers()).isEqualTo(List.of());
        assertThatThrownBy(() -> HostName.parse("web3.production.corp", scheme))
                .hasMessageContaining("does not match the naming pattern");
    }

    @Test
    void schemeWithoutRoleGroupOrWithBadRegexIsRefused() {
        assertThatThrownBy(() -> NamingScheme.of("(?<kind>[a-z]+)", Map.of(), "p", "d"))
                .hasMessageContaining("no named group 'role'");
        assertThatThrownBy(() -> NamingScheme.of("(?<role>[a-z+", Map.of(), "p", "d"))
                .hasMessageContaining("not a valid regular expression");
    }
}
