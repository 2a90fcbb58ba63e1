package io.rolestack.core.spec;

import io.rolestack.core.naming.HostName;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The last check of a spec that is otherwise valid: a field nothing would act on is an error at its position,
 * so a spec never reads as doing something it does not. That is a field of {@link SpecLoader#NOT_SUPPORTED_YET},
 * a field the chosen provider does not read, or a field another one overrides.
 */
final class IgnoredFields {
    /** Read by OpenStackSettings only together with credentials in the spec; clouds.yaml / OS_* otherwise. */
    private static final Set<String> CREDENTIAL_SCOPE = Set.of("region", "project", "projectDomain", "projectDomainId",
            "userDomain", "userDomainId");
    private static final List<String> SPEC_CREDENTIALS = List.of("authUrl", "username", "applicationCredentialId");

    private IgnoredFields() {
    }

    static void refuse(SpecNode root, PlatformSpec spec) {
        Map<String, SpecNode> top = root.entries();
        List<Problem> unsupported = new ArrayList<>();
        SpecLoader.NOT_SUPPORTED_YET.forEach((path, why) -> key(root, path)
                .ifPresent(k -> unsupported.add(new Problem(k, "not supported yet: " + why))));
        throwFirst(unsupported);

        boolean local = spec.provider().type().equals("local");
        if (local && top.containsKey("ssh")) {
            throw key(root, "ssh").orElseThrow().error("not read by provider local: local hosts are reached as root with"
                    + " the key and known_hosts of their state directory (docs/local-hosts.md); remove 'ssh'");
        }
        SpecNode roles = top.get("roles");
        if (roles != null && roles.isMapping()) roles.entries().forEach((role, settings) -> flavor(settings, role, spec, local));
        if (!local) openStack(top.get("provider"), spec.ssh().identity().isPresent());
    }

    /** {@code roles.<role>.flavor}: only OpenStack servers have flavors, and only hosts whose role it is get it. */
    private static void flavor(SpecNode settings, String role, PlatformSpec spec, boolean local) {
        Optional<SpecNode> flavor = settings.keyOf("flavor");
        if (flavor.isEmpty()) return;
        if (local) throw flavor.get().error("not read by provider local: local hosts have no flavors; remove it");
        Set<String> hostRoles = new TreeSet<>();
        spec.allHosts().stream().map(HostName::role).forEach(hostRoles::add);
        if (!hostRoles.contains(role)) {
            throw flavor.get().error("no host of this spec has role '" + role + "', so no server would get this flavor"
                    + " (the hosts' roles: " + String.join(", ", hostRoles) + ")");
        }
    }

    private static void openStack(SpecNode provider, boolean sshIdentity) {
        Map<String, SpecNode> keys = provider.entries();
        // As OpenStackSettings reads them: a key without a value is no credential.
        boolean specCredentials = SPEC_CREDENTIALS.stream().anyMatch(k -> keys.containsKey(k) && !keys.get(k).isNull());
        List<Problem> problems = new ArrayList<>();
        provider.keyOf("flavors").ifPresent(k -> problems.add(new Problem(k, "not read whenever provider.flavor is set;"
                + " per-role flavors are written roles: { ROLE: { flavor: NAME } }")));
        if (specCredentials) {
            provider.keyOf("cloud").ifPresent(k -> problems.add(new Problem(k, "not read when the spec names credentials"
                    + " (" + String.join(", ", SPEC_CREDENTIALS) + "): use clouds.yaml through 'cloud' or those keys, not both")));
        } else {
            CREDENTIAL_SCOPE.forEach(c -> provider.keyOf(c).ifPresent(k -> problems.add(new Problem(k,
                    "only read with credentials in the spec (" + String.join(", ", SPEC_CREDENTIALS) + "); with clouds.yaml"
                            + " ('cloud' or OS_CLOUD) or OS_* variables it is set there"))));
        }
        if (sshIdentity) {
            provider.keyOf("deployKey").ifPresent(k -> problems.add(new Problem(k, "not read when ssh.identity is set"
                    + " (cloud-init then authorises ssh.identity + '.pub'): give one of them")));
        }
        throwFirst(problems);
    }

    /** The first problem as written, so the same spec always names the same one. */
    private static void throwFirst(List<Problem> problems) {
        problems.stream().min(Comparator.comparingInt((Problem p) -> p.key().line()).thenComparingInt(p -> p.key().column()))
                .ifPresent(p -> {
                    throw p.key().error(p.why());
                });
    }

    private record Problem(SpecNode key, String why) {
    }

    /** The key node at a dotted path ({@code database.tls}), if the spec has it. */
    private static Optional<SpecNode> key(SpecNode root, String path) {
        SpecNode at = root;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            if (!at.isMapping()) return Optional.empty();
            at = at.entries().get(parts[i]);
            if (at == null) return Optional.empty();
        }
        return at.keyOf(parts[parts.length - 1]);
    }
}
