package io.rolestack.core.wait;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WaitTest {
    @Test
    void returnsTheFirstPresentValue() {
        AtomicInteger calls = new AtomicInteger();
        String v = Wait.upTo(Duration.ofSeconds(5)).every(Duration.ofMillis(1))
                .forValue(() -> calls.incrementAndGet() < 3 ? Optional.empty() : Optional.of("ready"), IllegalStateException::new);
        assertThat(v).isEqualTo("ready");
        assertThat(calls).hasValue(3);
    }

    @Test
    void timesOutWithTheCallersExceptionAfterProbingAtTheDeadline() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Wait.upTo(Duration.ofMillis(50)).every(Duration.ofMillis(20))
                .until(() -> {
                    calls.incrementAndGet();
                    return false;
                }, () -> new IllegalStateException("sshd not listening")))
                .isInstanceOf(IllegalStateException.class).hasMessage("sshd not listening");
        // first probe, a few in between, and one at the deadline
        assertThat(calls.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aZeroTimeoutStillProbesOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThat(Wait.upTo(Duration.ZERO).holds(() -> calls.incrementAndGet() > 0)).isTrue();
        assertThat(Wait.upTo(Duration.ZERO).holds(() -> false)).isFalse();
    }

    @Test
    void aProbeThatGivesUpEndsTheWaitAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Wait.upTo(Duration.ofMinutes(1)).forValue(() -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("replication error 1045");
        }, IllegalStateException::new)).hasMessage("replication error 1045");
        assertThat(calls).hasValue(1);
    }

    @Test
    void interruptionStopsTheWaitAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Wait.upTo(Duration.ofMinutes(1)).until(() -> false, IllegalStateException::new))
                    .isInstanceOf(WaitInterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> Wait.upTo(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Wait.upTo(Duration.ofSeconds(1)).every(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
