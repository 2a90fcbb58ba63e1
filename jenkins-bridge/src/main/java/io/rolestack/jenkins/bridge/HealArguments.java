package io.rolestack.jenkins.bridge;

import java.io.Serializable;

/**
 * The options of {@code rolestackHeal} (unset = null: the CLI's defaults), as plain serializable values;
 * {@link Requests#heal()} checks them. Durations are written as the CLI's: {@code 500ms}, {@code 10s}, {@code 30m},
 * {@code 2h}, {@code 1d} (a bare number is seconds).
 *
 * @param attempts     probes in a row that must all fail before a host is dead ({@code --attempts}, default 3)
 * @param every        pause between two probes of a host ({@code --every}, default 10s)
 * @param maxReboots   hosts rebooted at most in this run, 0 only reports ({@code --max-reboots}, default 1)
 * @param minInterval  a host is rebooted at most once per this interval, across runs ({@code --min-interval}, default 1h)
 * @param probeTimeout one probe's connect and command timeout ({@code --probe-timeout}, default 10s)
 * @param backTimeout  how long a rebooted host may take to answer SSH again ({@code --back-timeout}, default 10m)
 */
public record HealArguments(Integer attempts, String every, Integer maxReboots, String minInterval, String probeTimeout,
                            String backTimeout) implements Serializable {
    public static HealArguments none() {
        return new HealArguments(null, null, null, null, null, null);
    }
}
