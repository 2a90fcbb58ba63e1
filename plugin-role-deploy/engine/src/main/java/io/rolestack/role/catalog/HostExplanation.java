package io.rolestack.role.catalog;

import io.rolestack.core.net.Port;

import java.util.List;

/**
 * What a host would get from its roles, for {@code rolestack role explain HOST}
 * and for security groups (ports) and the health engine (checks).
 */
public record HostExplanation(String host, List<String> roles, List<String> packages, List<String> services,
                              List<String> files, List<Port> ports, List<Role.HealthCheck> checks,
                              List<String> poolsRead) {
    public HostExplanation {
        roles = List.copyOf(roles);
        packages = List.copyOf(packages);
        services = List.copyOf(services);
        files = List.copyOf(files);
        ports = List.copyOf(ports);
        checks = List.copyOf(checks);
        poolsRead = List.copyOf(poolsRead);
    }
}
