package io.rolestack.core.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationTextTest {
    @Test
    void everyUnitAndBareSeconds() {
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationText.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(DurationText.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationText.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(DurationText.parse("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(DurationText.parse(" 90 S ")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationText.parse("0")).isZero();
    }

    @Test
    void badTextAndHugeNumbersAreRefusedNotThrownAsNumberFormatErrors() {
        for (String bad : new String[]{"", "ten", "10x", "-5s", "1.5h", "10 m s", null}) {
            assertThatThrownBy(() -> DurationText.parse(bad)).as(String.valueOf(bad))
                    .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("is not a duration (like 500ms, 10s, 30m, 2h, 1d)");
        }
        for (String huge : new String[]{"1000000001s", "99999999999999999999999d", "1000000001"}) {
            assertThatThrownBy(() -> DurationText.parse(huge)).as(huge)
                    .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("is too large");
        }
        assertThat(DurationText.parse("1000000000d")).isEqualTo(Duration.ofDays(1_000_000_000L));
    }
}
