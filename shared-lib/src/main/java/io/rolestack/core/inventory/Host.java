package io.rolestack.core.inventory;

import io.rolestack.core.naming.HostName;

import java.util.Objects;
import java.util.Optional;

/**
 * One machine of the platform.
 *
 * @param name       its parsed hostname (its identity)
 * @param privateIp  address on the internal network
 * @param publicIp   address reachable from outside, only for the jump box (usually)
 * @param providerId the provider's id for it (OpenStack server id, local host id)
 */
public record Host(HostName name, String privateIp, Optional<String> publicIp, String providerId) {
    public Host {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(privateIp, "privateIp of " + name);
        Objects.requireNonNull(publicIp, "publicIp");
        Objects.requireNonNull(providerId, "providerId");
    }

    public static Host of(HostName name, String privateIp) {
        return new Host(name, privateIp, Optional.empty(), name.shortName());
    }

    public String role() {
        return name.role();
    }

    public String fqdn() {
        return name.fqdn();
    }

    public String shortName() {
        return name.shortName();
    }

    /** For templates: the public IP or null. */
    public String publicIpOrNull() {
        return publicIp.orElse(null);
    }
}
