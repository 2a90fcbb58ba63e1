package io.rolestack.patch;

import java.util.Objects;

/**
 * One package a patch upgrades (or installs: {@code from} is empty when apt
 * pulls in a new dependency).
 */
public record PackageUpgrade(String name, String from, String to) {
    public PackageUpgrade {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    @Override
    public String toString() {
        return name + " " + (from.isEmpty() ? "(new)" : from) + " -> " + to;
    }
}
