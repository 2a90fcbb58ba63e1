package io.rolestack.vm.openstack;

import org.openstack4j.model.common.Identifier;

/**
 * A Keystone domain as the credentials name it: by name ({@code user_domain_name:
 * Default}) or by id ({@code user_domain_id: default}, devstack's habit). Keystone
 * matches names and ids separately, so an id sent as a name is refused (401).
 *
 * @param value the name or the id
 * @param byId  true when {@code value} is an id
 */
public record KeystoneDomain(String value, boolean byId) {
    public static final KeystoneDomain DEFAULT = new KeystoneDomain("Default", false);

    public KeystoneDomain {
        value = value == null ? "" : value.trim();
        if (value.isEmpty()) throw new IllegalArgumentException("a Keystone domain needs a name or an id");
    }

    /** The name when there is one, else the id, else {@link #DEFAULT} (what the openstack CLI does). */
    public static KeystoneDomain of(String name, String id) {
        if (name != null && !name.isBlank()) return new KeystoneDomain(name, false);
        if (id != null && !id.isBlank()) return new KeystoneDomain(id, true);
        return DEFAULT;
    }

    Identifier identifier() {
        return byId ? Identifier.byId(value) : Identifier.byName(value);
    }

    @Override
    public String toString() {
        return byId ? "id " + value : value;
    }
}
