package io.rolestack.patch;

import java.util.List;
import java.util.Objects;

/**
 * What a patch would do on one host, read after {@code apt-get update}: the
 * packages a simulated {@code dist-upgrade} upgrades, those apt keeps back
 * (held ones among them), and whether a reboot is or would be due.
 *
 * @param rebootRequired {@code /var/run/reboot-required} exists now
 * @param rebootLikely   a reboot would follow: required now, or a kernel, libc, systemd or dbus upgrade is pending
 *                       (a package's own post-install script may still ask for one; the real run reads the file after)
 */
public record PendingUpdates(List<PackageUpgrade> upgrades, List<String> keptBack, List<String> held,
                             boolean rebootRequired, boolean rebootLikely) {
    private static final List<String> REBOOT_PACKAGES = List.of("linux-image-", "libc6", "systemd", "dbus");

    public PendingUpdates {
        upgrades = List.copyOf(upgrades);
        keptBack = List.copyOf(keptBack);
        held = List.copyOf(held);
    }

    public static PendingUpdates of(List<PackageUpgrade> upgrades, List<String> keptBack, List<String> held, boolean rebootRequired) {
        boolean likely = rebootRequired || upgrades.stream().anyMatch(u -> REBOOT_PACKAGES.stream()
                .anyMatch(p -> p.endsWith("-") ? u.name().startsWith(p) : u.name().equals(p)));
        return new PendingUpdates(upgrades, keptBack, held, rebootRequired, likely);
    }

    public boolean nothingToDo() {
        return upgrades.isEmpty() && !rebootRequired;
    }

    public PackageUpgrade upgrade(String name) {
        return upgrades.stream().filter(u -> u.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(Objects.requireNonNull(name) + " is not pending"));
    }
}
