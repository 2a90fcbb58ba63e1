package io.rolestack.platform.watch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A clock that only moves when the watcher sleeps, and the sleeper that moves it: a week of watching in microseconds. */
final class FakeTime extends Clock implements Sleeper {
    private final ZoneId zone;
    private volatile Instant now;
    final List<Duration> sleeps = new ArrayList<>();
    /** Stop the watcher once this holds of the clock after a sleep. */
    Predicate<Instant> stopWhen = t -> false;

    FakeTime(Instant start, ZoneId zone) {
        this.now = start;
        this.zone = zone;
    }

    void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public void sleep(Duration d, StopSignal stop) {
        if (d.isNegative() || d.isZero()) throw new AssertionError("the watcher asked to sleep " + d + ": it would spin");
        sleeps.add(d);
        now = now.plus(d);
        if (stopWhen.test(now)) stop.request();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
        return new FakeTime(now, z);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
