package io.rolestack.platform.heal;

import io.rolestack.platform.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealRequestTest {
    @Test
    void durationsAsTyped() {
        assertThat(HealRequest.duration("--every", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(HealRequest.duration("--every", "10")).isEqualTo(Duration.ofSeconds(10));
        assertThat(HealRequest.duration("--min-interval", "30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(HealRequest.duration("--min-interval", "2h")).isEqualTo(Duration.ofHours(2));
        assertThat(HealRequest.duration("--min-interval", "1d")).isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> HealRequest.duration("--min-interval", "30x")).isInstanceOf(InvalidRequestException.class)
                .hasMessage("heal: --min-interval '30x' is not a duration (like 500ms, 10s, 30m, 2h, 1d)");
        assertThatThrownBy(() -> HealRequest.duration("--every", "-1s")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("--every '-1s'");
        assertThatThrownBy(() -> HealRequest.duration("--every", "99999999999999999999")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("too large");
    }

    @Test
    void limitsAreRefusedNamingTheOption() {
        HealRequest d = HealRequest.defaults();
        assertThatThrownBy(() -> d.withAttempts(0)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("heal: --attempts must be between 1 and 100, was 0");
        assertThatThrownBy(() -> d.withMaxReboots(-1)).hasMessageContaining("--max-reboots must be between 0 and 1000, was -1");
        assertThatThrownBy(() -> d.withProbeInterval(Duration.ofMillis(10))).hasMessage("heal: --every must be between 100ms and 1h, was 10ms");
        assertThatThrownBy(() -> d.withMinInterval(Duration.ofDays(400))).hasMessageContaining("--min-interval must be between 0s and 365d");
        assertThatThrownBy(() -> d.withProbeTimeout(Duration.ZERO)).hasMessageContaining("--probe-timeout");
        assertThatThrownBy(() -> d.withBackTimeout(Duration.ofHours(3))).hasMessageContaining("--back-timeout");
        assertThat(d.withMaxReboots(0).maxReboots()).isZero();
        assertThat(d.withMinInterval(Duration.ZERO).minInterval()).isZero();
    }

    @Test
    void theRebootLogKeepsTheLastRebootPerHostAcrossLoads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state/prod/heal-reboots");
        RebootLog log = RebootLog.load(file);
        assertThat(log.last("app1.prod.wpdn")).isEmpty();
        Instant t1 = Instant.parse("2026-01-02T03:04:05Z");
        Duration hour = Duration.ofHours(1);
        assertThat(log.claim("app1.prod.wpdn", t1, hour)).isEmpty();
        assertThat(log.claim("db2.prod.wpdn", t1.plusSeconds(60), hour)).isEmpty();
        assertThat(log.claim("app1.prod.wpdn", t1.plusSeconds(120), hour)).as("within the hour: refused").contains(t1);
        assertThat(log.claim("app1.prod.wpdn", t1.plusSeconds(3600), hour)).as("an hour later").isEmpty();

        RebootLog again = RebootLog.load(file);
        assertThat(again.last("app1.prod.wpdn")).contains(t1.plusSeconds(3600));
        assertThat(again.last("db2.prod.wpdn")).contains(t1.plusSeconds(60));
        // Another run's log, loaded before this claim, still sees it when it claims.
        RebootLog stale = RebootLog.load(dir.resolve("state/prod/heal-reboots"));
        assertThat(log.claim("db2.prod.wpdn", t1.plusSeconds(7200), Duration.ZERO)).isEmpty();
        assertThat(stale.claim("db2.prod.wpdn", t1.plusSeconds(7300), hour)).contains(t1.plusSeconds(7200));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        Files.writeString(file, "app1.prod.wpdn yesterday\n");
        assertThatThrownBy(() -> RebootLog.load(file)).isInstanceOf(IllegalStateException.class)
                .hasMessage(file + ":1: not '<host> <ISO instant>': app1.prod.wpdn yesterday");
    }
}
