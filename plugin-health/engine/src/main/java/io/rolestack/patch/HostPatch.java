package io.rolestack.patch;

import io.rolestack.health.HostHealth;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a patch run did on one host (or, dry, would do).
 *
 * @param wave     the host's wave, 1-based, in roll order (0 for a host not reached by the roll's plan)
 * @param upgrades upgraded packages (dry run: upgradable ones)
 * @param reboot   rebooted (dry run: a reboot would likely follow)
 * @param before   the health checks before patching, when they ran
 * @param after    the health checks after patching (and the reboot), when they ran
 */
public record HostPatch(String host, String role, int wave, Outcome outcome, List<PackageUpgrade> upgrades,
                        List<String> keptBack, List<String> restarted, boolean reboot,
                        Optional<HostHealth> before, Optional<HostHealth> after, Duration took, String message) {
    public enum Outcome {
        /** Dry run: what would be upgraded. */
        PLANNED("planned", false),
        PATCHED("patched", false),
        /** Nothing to upgrade, no reboot due; healthy. */
        UP_TO_DATE("up to date", false),
        /** Unhealthy before or after patching: the roll stopped here. */
        UNHEALTHY("unhealthy", true),
        /** apt, the reboot or SSH failed: the roll stopped here. */
        FAILED("failed", true),
        /** The roll stopped before this host: untouched. */
        NOT_STARTED("not started", true);

        private final String label;
        private final boolean bad;

        Outcome(String label, boolean bad) {
            this.label = label;
            this.bad = bad;
        }

        public String label() {
            return label;
        }

        public boolean bad() {
            return bad;
        }
    }

    public HostPatch {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(outcome, "outcome");
        upgrades = List.copyOf(upgrades);
        keptBack = List.copyOf(keptBack);
        restarted = List.copyOf(restarted);
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        message = message == null ? "" : message;
    }

    public static HostPatch notStarted(String host, String role, int wave, String why) {
        return new HostPatch(host, role, wave, Outcome.NOT_STARTED, List.of(), List.of(), List.of(), false,
                Optional.empty(), Optional.empty(), Duration.ZERO, why);
    }

    public String shortName() {
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }

    /** "healthy", "unhealthy: CHECK: expected …, saw …; …" or "not checked". */
    public static String describe(Optional<HostHealth> h) {
        if (h.isEmpty()) return "not checked";
        if (h.get().healthy()) return "healthy";
        return "unhealthy: " + String.join("; ", h.get().checks().stream().filter(c -> c.failed())
                .map(c -> c.name() + ": " + c.message()).toList());
    }
}
