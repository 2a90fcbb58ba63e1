package io.rolestack.platform.vm;

import java.util.List;
import java.util.Objects;

/**
 * Which of the spec's hosts a vm operation is for: names as typed (short or
 * fqdn); empty means every host of the spec. A name that is not a host of the
 * spec is refused before the provider is called.
 */
public record VmSelection(List<String> names) {
    public VmSelection {
        names = List.copyOf(Objects.requireNonNull(names, "names"));
    }

    public static VmSelection all() {
        return new VmSelection(List.of());
    }

    public static VmSelection of(String... names) {
        return new VmSelection(List.of(names));
    }

    public boolean isAll() {
        return names.isEmpty();
    }
}
