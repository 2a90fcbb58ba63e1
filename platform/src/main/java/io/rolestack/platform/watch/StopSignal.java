package io.rolestack.platform.watch;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A stop request, from any thread (a SIGTERM hook, a test), that also wakes a waiting {@link Sleeper#real()}. */
public final class StopSignal {
    private final CountDownLatch stop = new CountDownLatch(1);

    public void request() {
        stop.countDown();
    }

    public boolean requested() {
        return stop.getCount() == 0;
    }

    /** Waits at most {@code d}; true when a stop was requested (before or during the wait). */
    public boolean await(Duration d) throws InterruptedException {
        return stop.await(Math.max(0, d.toMillis()), TimeUnit.MILLISECONDS);
    }
}
