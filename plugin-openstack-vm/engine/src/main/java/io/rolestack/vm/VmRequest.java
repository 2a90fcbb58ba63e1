package io.rolestack.vm;

import io.rolestack.core.naming.HostName;
import io.rolestack.core.net.Port;

import java.util.List;
import java.util.Map;

/**
 * One VM asked of a provider.
 *
 * @param name     hostname (its role)
 * @param flavor   provider size name (OpenStack flavor); ignored by the local provider
 * @param ports    ports its roles listen on (security groups)
 * @param jump     true for the jump box: the only host with a public address
 * @param metadata extra metadata (the provider adds rolestack:role and rolestack:environment)
 */
public record VmRequest(HostName name, String flavor, List<Port> ports, boolean jump, Map<String, String> metadata) {
    public VmRequest {
        ports = List.copyOf(ports);
        metadata = Map.copyOf(metadata);
    }
}
