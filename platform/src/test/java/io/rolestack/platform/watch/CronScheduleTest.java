package io.rolestack.platform.watch;

import io.rolestack.platform.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronScheduleTest {
    static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void nextSlotsOfAWeeklyWindow() {
        CronSchedule s = CronSchedule.parse("0 3 * * SUN", "production/patching", UTC);
        // 2025-01-01 is a Wednesday: the next Sundays are the 5th, 12th, 19th.
        Instant t = Instant.parse("2025-01-01T12:00:00Z");
        assertThat(s.nextAfter(t)).contains(Instant.parse("2025-01-05T03:00:00Z"));
        assertThat(s.nextAfter(Instant.parse("2025-01-05T03:00:00Z"))).as("strictly after").contains(Instant.parse("2025-01-12T03:00:00Z"));
        assertThat(s.nextAfter(Instant.parse("2025-01-05T02:59:59.999Z"))).contains(Instant.parse("2025-01-05T03:00:00Z"));
    }

    @Test
    void theLatestSlotAtOrBeforeIncludesTheSlotItself() {
        CronSchedule s = CronSchedule.parse("0 3 * * 0", "production/patching", UTC);
        assertThat(s.latestAtOrBefore(Instant.parse("2025-01-05T03:00:00Z"))).contains(Instant.parse("2025-01-05T03:00:00Z"));
        assertThat(s.latestAtOrBefore(Instant.parse("2025-01-05T03:00:59Z"))).contains(Instant.parse("2025-01-05T03:00:00Z"));
        assertThat(s.latestAtOrBefore(Instant.parse("2025-01-05T02:59:59Z"))).contains(Instant.parse("2024-12-29T03:00:00Z"));
        assertThat(s.latestAtOrBefore(Instant.parse("2025-01-11T23:00:00Z"))).contains(Instant.parse("2025-01-05T03:00:00Z"));
    }

    @Test
    void hIsResolvedWithTheSeedAndKeptInTheExpression() {
        CronSchedule s = CronSchedule.parse("H 3 * * 0", "production/patching", UTC);
        assertThat(s.expression()).isEqualTo("H 3 * * 0");
        assertThat(s.resolved()).isEqualTo("51 3 * * 0");
        assertThat(s.nextAfter(Instant.parse("2025-01-01T00:00:00Z"))).contains(Instant.parse("2025-01-05T03:51:00Z"));
        assertThat(s.describe()).isEqualTo("'H 3 * * 0' (H resolved: '51 3 * * 0') in Z");
        assertThat(CronSchedule.parse("0 3 * * 0", "p", UTC).describe()).isEqualTo("'0 3 * * 0' in Z");
    }

    @Test
    void theFieldsAreReadOnTheZonesWallClock() {
        CronSchedule paris = CronSchedule.parse("0 3 * * *", "p", ZoneId.of("Europe/Paris"));
        // Winter: Paris is UTC+1. Summer: UTC+2.
        assertThat(paris.nextAfter(Instant.parse("2025-01-10T00:00:00Z"))).contains(Instant.parse("2025-01-10T02:00:00Z"));
        assertThat(paris.nextAfter(Instant.parse("2025-07-10T00:00:00Z"))).contains(Instant.parse("2025-07-10T01:00:00Z"));
    }

    @Test
    void aScheduleThatNeverFiresHasNoSlots() {
        CronSchedule never = CronSchedule.parse("0 0 30 2 *", "p", UTC);
        assertThat(never.nextAfter(Instant.parse("2025-01-01T00:00:00Z"))).isEqualTo(Optional.empty());
    }

    @Test
    void badExpressionsAreRefusedNamingThem() {
        assertThatThrownBy(() -> CronSchedule.parse("61 3 * * 0", "p", UTC)).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("schedule '61 3 * * 0': ");
        assertThatThrownBy(() -> CronSchedule.parse("0 3 * *", "p", UTC)).isInstanceOf(InvalidRequestException.class);
    }
}
