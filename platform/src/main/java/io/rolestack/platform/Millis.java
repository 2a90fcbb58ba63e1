package io.rolestack.platform;

import java.time.Duration;

/** A duration as the whole milliseconds of an int (what JSON readers and Pipeline values take), never negative. */
public final class Millis {
    private Millis() {
    }

    public static int of(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, d.toMillis()));
    }
}
