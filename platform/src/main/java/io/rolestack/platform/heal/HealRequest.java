package io.rolestack.platform.heal;

import io.rolestack.core.time.DurationText;
import io.rolestack.platform.InvalidRequestException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A heal run ({@code rolestack heal}) over the selected hosts
 * ({@link io.rolestack.platform.PlatformOptions#limit()}): a host is dead when SSH from this machine and a
 * TCP probe of its port 22 from the jump host both fail {@code attempts} times in a row; a dead host is
 * hard-rebooted through the provider, within the limits below.
 *
 * @param attempts      probes in a row that must all fail (1..{@value #MAX_ATTEMPTS})
 * @param probeInterval pause between two probes of a host, and between looks while waiting for SSH after a reboot
 * @param maxReboots    hosts rebooted at most per run (0: report only)
 * @param minInterval   a host is hard-rebooted at most once per this interval, across runs
 * @param probeTimeout  one probe's connect and command timeout
 * @param backTimeout   how long a rebooted host may take to answer SSH again (after the provider has it ACTIVE)
 * @param rebootLog     where the last reboot of each host is kept; empty: the platform's state directory
 */
public record HealRequest(int attempts, Duration probeInterval, int maxReboots, Duration minInterval,
                          Duration probeTimeout, Duration backTimeout, Optional<Path> rebootLog) {
    public static final int MAX_ATTEMPTS = 100;

    public HealRequest {
        Objects.requireNonNull(probeInterval, "probeInterval");
        Objects.requireNonNull(minInterval, "minInterval");
        Objects.requireNonNull(probeTimeout, "probeTimeout");
        Objects.requireNonNull(backTimeout, "backTimeout");
        Objects.requireNonNull(rebootLog, "rebootLog");
        if (attempts < 1 || attempts > MAX_ATTEMPTS) {
            throw new InvalidRequestException("heal: --attempts must be between 1 and " + MAX_ATTEMPTS + ", was " + attempts);
        }
        if (maxReboots < 0 || maxReboots > 1000) {
            throw new InvalidRequestException("heal: --max-reboots must be between 0 and 1000, was " + maxReboots);
        }
        within("--every", probeInterval, Duration.ofMillis(100), Duration.ofHours(1));
        within("--min-interval", minInterval, Duration.ZERO, Duration.ofDays(365));
        within("--probe-timeout", probeTimeout, Duration.ofSeconds(1), Duration.ofMinutes(5));
        within("--back-timeout", backTimeout, Duration.ofSeconds(1), Duration.ofHours(2));
    }

    /** 3 probes 10 s apart, at most 1 reboot per run, a host at most once an hour, 10 s probes, 10 min to come back. */
    public static HealRequest defaults() {
        return new HealRequest(3, Duration.ofSeconds(10), 1, Duration.ofHours(1), Duration.ofSeconds(10),
                Duration.ofMinutes(10), Optional.empty());
    }

    public HealRequest withAttempts(int n) {
        return new HealRequest(n, probeInterval, maxReboots, minInterval, probeTimeout, backTimeout, rebootLog);
    }

    public HealRequest withProbeInterval(Duration d) {
        return new HealRequest(attempts, d, maxReboots, minInterval, probeTimeout, backTimeout, rebootLog);
    }

    public HealRequest withMaxReboots(int k) {
        return new HealRequest(attempts, probeInterval, k, minInterval, probeTimeout, backTimeout, rebootLog);
    }

    public HealRequest withMinInterval(Duration d) {
        return new HealRequest(attempts, probeInterval, maxReboots, d, probeTimeout, backTimeout, rebootLog);
    }

    public HealRequest withProbeTimeout(Duration d) {
        return new HealRequest(attempts, probeInterval, maxReboots, minInterval, d, backTimeout, rebootLog);
    }

    public HealRequest withBackTimeout(Duration d) {
        return new HealRequest(attempts, probeInterval, maxReboots, minInterval, probeTimeout, d, rebootLog);
    }

    public HealRequest withRebootLog(Path file) {
        return new HealRequest(attempts, probeInterval, maxReboots, minInterval, probeTimeout, backTimeout, Optional.of(file));
    }

    /**
     * A duration as typed: {@code 500ms}, {@code 10s}, {@code 30m}, {@code 2h}, {@code 1d}; a bare number is seconds.
     * A bad one is refused naming the option.
     */
    public static Duration duration(String option, String text) {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("heal: " + option + " '" + text + "' " + e.getMessage());
        }
    }

    private static void within(String option, Duration d, Duration min, Duration max) {
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new InvalidRequestException("heal: " + option + " must be between " + words(min) + " and " + words(max)
                    + ", was " + words(d));
        }
    }

    static String words(Duration d) {
        if (d.isZero()) return "0s";
        if (d.toMillis() % 1000 != 0) return d.toMillis() + "ms";
        long s = d.toSeconds();
        if (s % 86400 == 0) return s / 86400 + "d";
        if (s % 3600 == 0) return s / 3600 + "h";
        if (s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }
}
