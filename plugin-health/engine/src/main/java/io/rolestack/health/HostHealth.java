package io.rolestack.health;

import java.util.List;
import java.util.Objects;

/** Every check of one host, in the order they were declared. */
public record HostHealth(String host, List<CheckResult> checks) {
    /** The name of the check that fails when a host cannot be reached at all. */
    public static final String SSH = "ssh";

    public HostHealth {
        Objects.requireNonNull(host, "host");
        checks = List.copyOf(checks);
    }

    /** A host that could not be checked: one failed {@value #SSH} check saying why. */
    public static HostHealth unreachable(String host, String why) {
        return new HostHealth(host, List.of(CheckResult.failed(SSH, "reachable through the jump host", why)));
    }

    public boolean healthy() {
        return checks.stream().noneMatch(CheckResult::failed);
    }

    public String shortName() {
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }
}
