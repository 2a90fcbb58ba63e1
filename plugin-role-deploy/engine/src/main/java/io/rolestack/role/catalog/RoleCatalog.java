package io.rolestack.role.catalog;

import io.rolestack.core.naming.HostName;
import io.rolestack.core.net.Port;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The roles a platform knows: the bundled ones ({@code roles/<name>/role.yaml}
 * and {@code roles/<name>/templates/*.peb} in this jar), overridden or extended
 * by a directory in the user's repository with the same layout. An override
 * directory may hold a whole role (its role.yaml replaces the bundled one), a
 * single template (replacing that template only) or just {@code vars.yaml}
 * (replacing some of the role's vars).
 *
 * <p>Every host gets {@value #BASE}; then its role ({@code frontend1} →
 * {@code frontend}, {@code masterdb1} → {@code db}); then each qualifier that
 * is itself a role ({@code app-memcache1} → {@code app}, {@code memcache}).
 * Qualifiers that are not roles ({@code redis-sessions1}) only name the pool.
 */
public final class RoleCatalog {
    public static final String BASE = "base";
    static final String BUNDLED = "roles/";
    static final String INDEX = "roles/catalog.txt";

    private final Map<String, Role> roles;
    private final Optional<Path> overrideDir;

    private RoleCatalog(Map<String, Role> roles, Optional<Path> overrideDir) {
        this.roles = Map.copyOf(roles);
        this.overrideDir = overrideDir;
    }

    /** Loads the bundled roles and the user's overrides; any bad file fails the whole load, naming file:line. */
    public static RoleCatalog load(Optional<Path> overrideDir) {
        return load(overrideDir, Map.of());
    }

    /**
     * As {@link #load(Optional)}, with the spec's per-role vars ({@code roles: {app: {vars: {...}}}}) replacing
     * the role's own and its {@code vars.yaml}. A var the role does not declare, or a role the catalog does not
     * have, is an error (a typo would otherwise change nothing).
     */
    public static RoleCatalog load(Optional<Path> overrideDir, Map<String, Map<String, Object>> specVars) {
        return load(overrideDir, specVars, Optional.empty());
    }

    /**
     * As {@link #load(Optional, Map)}; with {@code specFile}, a role's health checks are replaced by the spec's
     * {@code roles: {ROLE: {health: [...]}}}, read from that file and checked as a role's own (errors at FILE:LINE).
     */
    public static RoleCatalog load(Optional<Path> overrideDir, Map<String, Map<String, Object>> specVars, Optional<Path> specFile) {
        Map<String, Role> roles = new TreeMap<>();
        Set<String> names = new LinkedHashSet<>(bundledNames());
        if (overrideDir.isPresent()) {
            Path dir = overrideDir.get();
            if (!Files.isDirectory(dir)) throw new CatalogException(dir.toString(), "roles directory does not exist");
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(names::add);
            } catch (IOException e) {
                throw new CatalogException(dir.toString(), "cannot list: " + e.getMessage(), e);
            }
        }
        for (String name : names) {
            Optional<Path> own = overrideDir.map(d -> d.resolve(name).resolve("role.yaml")).filter(Files::isRegularFile);
            String yaml;
            String source;
            if (own.isPresent()) {
                yaml = read(own.get());
                source = own.get().toString();
            } else {
                Optional<String> bundled = bundled(name + "/role.yaml");
                if (bundled.isEmpty()) {
                    Path d = overrideDir.orElseThrow().resolve(name);
                    throw new CatalogException(d.toString(), "role directory has no role.yaml (nor is '" + name
                            + "' a bundled role whose templates or vars it could override)");
                }
                yaml = bundled.get();
                source = BUNDLED + name + "/role.yaml";
            }
            Map<String, Object> varOverrides = new LinkedHashMap<>();
            Optional<Path> varsFile = overrideDir.map(d -> d.resolve(name).resolve("vars.yaml")).filter(Files::isRegularFile);
            if (varsFile.isPresent()) {
                YamlValue.parse(read(varsFile.get()), varsFile.get().toString()).map()
                        .forEach((k, v) -> varOverrides.put(k, v.plain()));
            }
            Map<String, Object> fromSpec = specVars.getOrDefault(name, Map.of());
            if (!fromSpec.isEmpty()) {
                Set<String> declared = RoleParser.parse(name, yaml, source, varOverrides).vars().keySet();
                for (String k : fromSpec.keySet()) {
                    if (!declared.contains(k)) {
                        throw new CatalogException("spec roles." + name + ".vars." + k, "role '" + name
                                + "' has no var '" + k + "' (vars: " + String.join(", ", new java.util.TreeSet<>(declared)) + ")");
                    }
                }
                varOverrides.putAll(fromSpec);
            }
            roles.put(name, RoleParser.parse(name, yaml, source, varOverrides));
        }
        for (String r : specVars.keySet()) {
            if (!roles.containsKey(r) && !specVars.get(r).isEmpty()) {
                throw new CatalogException("spec roles." + r, "no role '" + r + "' in the catalog (roles: "
                        + String.join(", ", roles.keySet()) + ")");
            }
        }
        if (!roles.containsKey(BASE)) throw new CatalogException(INDEX, "the catalog has no '" + BASE + "' role");
        specFile.ifPresent(f -> specHealth(f, roles));
        RoleCatalog catalog = new RoleCatalog(roles, overrideDir);
        catalog.checkTemplatesExist();
        return catalog;
    }

    private void checkTemplatesExist() {
        for (Role r : roles.values()) {
            for (Role.FileSpec f : r.files()) {
                if (template(r.name(), f.template()).isEmpty()) {
                    throw new CatalogException(f.where(), "template '" + f.template() + "' not found in roles/"
                            + r.name() + "/templates/");
                }
            }
        }
    }

    public Optional<Role> role(String name) {
        return Optional.ofNullable(roles.get(name));
    }

    public List<String> names() {
        return List.copyOf(new TreeMap<>(roles).keySet());
    }

    /** The roles of a host, base first. Throws {@link UnknownRoleException} when its role is not in the catalog. */
    public List<Role> rolesFor(HostName host) {
        List<Role> out = new ArrayList<>();
        out.add(roles.get(BASE));
        Role main = roles.get(host.role());
        if (main == null) throw new UnknownRoleException(host.fqdn(), host.role(), names());
        if (!main.name().equals(BASE)) out.add(main);
        for (String q : host.qualifiers()) {
            Role r = roles.get(q);
            if (r != null && !out.contains(r)) out.add(r);
        }
        return List.copyOf(out);
    }

    private static void specHealth(Path specFile, Map<String, Role> roles) {
        YamlValue spec = YamlValue.parse(read(specFile), specFile.toString());
        YamlValue settings = spec.map().get("roles");
        if (settings == null) return;
        settings.map().forEach((name, s) -> {
            YamlValue checks = s.map().get("health");
            if (checks == null) return;
            Role role = roles.get(name);
            if (role == null) {
                throw checks.error("no role '" + name + "' in the catalog (roles: " + String.join(", ", roles.keySet()) + ")");
            }
            roles.put(name, RoleParser.withHealth(role, checks));
        });
    }

    /** What {@code host} would get: roles, packages, services, files, ports and health checks. */
    public HostExplanation explain(HostName host) {
        List<Role> rs = rolesFor(host);
        Set<String> pkgs = new LinkedHashSet<>();
        Set<String> services = new LinkedHashSet<>();
        List<String> files = new ArrayList<>();
        Set<Port> ports = new LinkedHashSet<>();
        List<Role.HealthCheck> checks = new ArrayList<>();
        Set<String> reads = new LinkedHashSet<>();
        for (Role r : rs) {
            pkgs.addAll(r.packages());
            services.addAll(r.serviceNames());
            r.files().forEach(f -> files.add(f.dest()));
            ports.addAll(r.ports());
            checks.addAll(r.health());
            reads.addAll(r.reads());
        }
        return new HostExplanation(host.fqdn(), rs.stream().map(Role::name).toList(), List.copyOf(pkgs),
                List.copyOf(services), files, List.copyOf(ports), checks, List.copyOf(reads));
    }

    /** A role template's text and where it came from (override directory first, then the bundled one). */
    public Optional<TemplateText> template(String role, String file) {
        if (overrideDir.isPresent()) {
            Path p = overrideDir.get().resolve(role).resolve("templates").resolve(file);
            if (Files.isRegularFile(p)) return Optional.of(new TemplateText(read(p), p.toString()));
        }
        return bundled(role + "/templates/" + file).map(t -> new TemplateText(t, BUNDLED + role + "/templates/" + file));
    }

    public record TemplateText(String text, String source) {
    }

    private static List<String> bundledNames() {
        String index = bundled("catalog.txt").orElseThrow(() -> new IllegalStateException(INDEX + " missing from the jar"));
        return index.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static Optional<String> bundled(String relative) {
        try (InputStream in = RoleCatalog.class.getClassLoader().getResourceAsStream(BUNDLED + relative)) {
            if (in == null) return Optional.empty();
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new CatalogException(p.toString(), "cannot read: " + e.getMessage(), e);
        }
    }
}
