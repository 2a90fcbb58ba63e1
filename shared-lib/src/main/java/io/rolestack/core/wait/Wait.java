package io.rolestack.core.wait;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one way Rolestack waits for something to become true: probe, and until the
 * deadline passes, pause {@code interval} and probe again. The probe runs at
 * least once, and once more right at the deadline, so a short timeout never
 * fails without having looked.
 *
 * <pre>LinkStatus s = Wait.upTo(Duration.ofSeconds(60)).every(Duration.ofMillis(300))
 *         .forValue(() -> running(replica), () -> new ReplicationException(replica + ": not running after 60 s"));
 * Wait.upTo(Duration.ofSeconds(20)).until(() -> listening(22), () -> new IllegalStateException("sshd not listening"));</pre>
 *
 * A probe that must give up early (a fatal error seen while waiting) throws;
 * the exception goes to the caller as it is.
 */
public record Wait(Duration timeout, Duration interval) {
    private static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);

    public Wait {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(interval, "interval");
        if (timeout.isNegative()) throw new IllegalArgumentException("negative timeout " + timeout);
        if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be positive: " + interval);
    }

    /** Waits at most {@code timeout}, probing every 200 ms unless {@link #every} says otherwise. */
    public static Wait upTo(Duration timeout) {
        return new Wait(timeout, DEFAULT_INTERVAL);
    }

    public Wait every(Duration newInterval) {
        return new Wait(timeout, newInterval);
    }

    /**
     * The probe's first present value.
     *
     * @param timedOut the exception thrown when the deadline passed with no value (its message says what was awaited)
     * @throws WaitInterruptedException when the waiting thread is interrupted (the interrupt flag is kept)
     */
    public <T> T forValue(Supplier<Optional<T>> probe, Supplier<? extends RuntimeException> timedOut) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) return value.get();
            long left = deadline - System.nanoTime();
            if (left <= 0) throw timedOut.get();
            pause(Math.min(left, interval.toNanos()));
        }
    }

    /** Returns once {@code condition} holds; see {@link #forValue(Supplier, Supplier)}. */
    public void until(BooleanSupplier condition, Supplier<? extends RuntimeException> timedOut) {
        forValue(() -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(), timedOut);
    }

    /** Whether {@code condition} held before the deadline (no exception on time-out). */
    public boolean holds(BooleanSupplier condition) {
        try {
            until(condition, TimedOut::new);
            return true;
        } catch (TimedOut e) {
            return false;
        }
    }

    private static void pause(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WaitInterruptedException();
        }
    }

    private static final class TimedOut extends RuntimeException {
        TimedOut() {
            super(null, null, false, false);
        }
    }
}
