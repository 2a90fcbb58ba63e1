package io.rolestack.health.probe;

import io.rolestack.health.CheckResult;

/**
 * One check, in two halves: a shell command that prints what the host shows
 * (run inside the host's {@link HealthScript}, so every check of a host costs
 * one round trip together), and the judgement of that output here, in Java,
 * where thresholds are plain code and testable.
 */
public interface Probe {
    /** The check's name as reports show it: {@code tcp 11211}, {@code disk /}. */
    String name();

    /** What a healthy host shows, for people: {@code open}, {@code < 90% used}. */
    String expected();

    /** A POSIX shell command run as root; its standard output (one line or several) is the raw value. Must only read. */
    String command();

    /** The verdict on what {@link #command()} printed (newlines folded to spaces, trimmed). */
    CheckResult evaluate(String raw);

    default CheckResult ok(String seen) {
        return CheckResult.ok(name(), expected(), seen);
    }

    default CheckResult failed(String seen) {
        return CheckResult.failed(name(), expected(), seen);
    }

    /** A failed check that shows what could not be read, so a surprise on the host is visible, not hidden. */
    default CheckResult unreadable(String raw) {
        return failed(raw.isBlank() ? "nothing (no output)" : "unreadable output '" + shorten(raw) + "'");
    }

    static String shorten(String s) {
        String line = s.replace('\n', ' ');
        return line.length() <= 160 ? line : line.substring(0, 160) + "…";
    }
}
