package io.rolestack.platform.watch;

import java.time.Duration;

/**
 * How the watcher waits for its next slot. The real one blocks on the {@link StopSignal} (no polling, woken at
 * once by a stop); tests hand in one that moves their clock forward and returns at once.
 */
@FunctionalInterface
public interface Sleeper {
    /** Waits up to {@code d}; may return early, at the latest when {@code stop} is requested. */
    void sleep(Duration d, StopSignal stop) throws InterruptedException;

    static Sleeper real() {
        return (d, stop) -> stop.await(d);
    }
}
