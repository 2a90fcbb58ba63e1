package io.rolestack.role.plan;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.naming.HostName;

import java.util.List;
import java.util.Set;

/**
 * Which hosts a run touches: all, or those named (short name or fqdn) or having
 * one of the named roles ({@code --limit frontend,db2}).
 */
public record Limit(Set<String> names) {
    public Limit {
        // In the order given: messages name the limit as it was typed.
        names = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(names));
    }

    public static Limit all() {
        return new Limit(Set.of());
    }

    /** {@code "frontend,db2"}; blank means all. */
    public static Limit parse(String text) {
        if (text == null || text.isBlank()) return all();
        // A name given twice (--limit app1,app1) is the same limit, not an error.
        return new Limit(new java.util.LinkedHashSet<>(List.of(text.trim().split("\\s*,\\s*"))));
    }

    public boolean isAll() {
        return names.isEmpty();
    }

    /** @param roles the roles the host gets (base included) */
    public boolean matches(Host host, List<String> roles) {
        return matches(host.name(), roles);
    }

    /** The same decision from the name alone: a limit can be checked against a spec before any host exists. */
    public boolean matches(HostName name, List<String> roles) {
        if (names.isEmpty()) return true;
        return names.contains(name.shortName()) || names.contains(name.fqdn())
                || names.contains(name.poolKey()) || roles.stream().anyMatch(names::contains);
    }
}
