package io.rolestack.platform.provider;

import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.role.catalog.RoleCatalog;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The role catalog for a spec: bundled roles, a `roles/` directory beside the spec overriding them, the spec's vars and health checks. */
public final class RoleCatalogs {
    private RoleCatalogs() {
    }

    public static RoleCatalog catalog(PlatformSpec spec) {
        Map<String, Map<String, Object>> vars = new LinkedHashMap<>();
        spec.roles().forEach((role, settings) -> vars.put(role, settings.vars()));
        Path parent = spec.source().toAbsolutePath().getParent();
        Optional<Path> override = Optional.ofNullable(parent).map(p -> p.resolve("roles"))
                .filter(java.nio.file.Files::isDirectory);
        boolean healthOverrides = spec.roles().values().stream().anyMatch(PlatformSpec.RoleSettings::health);
        return RoleCatalog.load(override, vars, healthOverrides ? Optional.of(spec.source()) : Optional.empty());
    }
}
