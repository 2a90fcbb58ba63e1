package io.rolestack.role.catalog;

import io.rolestack.core.net.Port;
import io.rolestack.core.remote.FileMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one role.yaml into a {@link Role}; every error names file:line. */
final class RoleParser {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern ROLE_NAME = Pattern.compile("[a-z][a-z0-9]*");

    private static final Set<String> TOP = Set.of("description", "reads", "balances", "needs", "vars", "packages",
            "absent_packages", "groups", "users", "directories", "files", "symlinks", "lines", "remove", "sysctl",
            "commands", "services", "ports", "health");

    private static final Set<String> CHECK_KEYS = Set.of("type", "port", "path", "expect", "body", "process", "service");

    private final String name;
    private final String source;
    private final Map<String, Object> vars = new LinkedHashMap<>();

    private RoleParser(String name, String source) {
        this.name = name;
        this.source = source;
    }

    /**
     * @param varOverrides values from the user's {@code <role>/vars.yaml}, replacing the role's defaults
     */
    static Role parse(String name, String yaml, String source, Map<String, Object> varOverrides) {
        if (!ROLE_NAME.matcher(name).matches()) {
            throw new CatalogException(source, "role name '" + name + "' must be lower-case letters and digits");
        }
        return new RoleParser(name, source).role(YamlValue.parse(yaml, source), varOverrides);
    }

    private Role role(YamlValue root, Map<String, Object> varOverrides) {
        Map<String, YamlValue> m = root.map(TOP);
        if (m.containsKey("vars")) m.get("vars").map().forEach((k, v) -> vars.put(k, v.plain()));
        vars.putAll(varOverrides);

        String description = m.containsKey("description") ? str(m.get("description"), "description") : "";
        List<String> reads = strings(m.get("reads"), "reads");
        for (String r : reads) {
            if (!r.matches("[a-z][a-z0-9-]*")) throw m.get("reads").error("'" + r + "' is not a pool name");
        }
        List<String> balances = strings(m.get("balances"), "balances");
        for (String b : balances) {
            // Draining re-renders this role's files with the pool's drained members: it must read that pool.
            if (!reads.contains(b)) throw m.get("balances").error("balances '" + b + "' must also be in reads (reads: " + reads + ")");
        }
        Set<String> needs = new LinkedHashSet<>(strings(m.get("needs"), "needs"));
        List<String> packages = strings(m.get("packages"), "packages");
        for (String p : packages) checkPackage(m.get("packages"), p);
        List<String> absent = strings(m.get("absent_packages"), "absent_packages");
        for (String p : absent) checkPackage(m.get("absent_packages"), p);

        List<Role.GroupSpec> groups = new ArrayList<>();
        for (YamlValue v : list(m.get("groups"))) {
            if (v.isMap()) {
                Map<String, YamlValue> g = v.map(Set.of("name", "system"));
                groups.add(new Role.GroupSpec(account(g.get("name"), required(g, "name", v)),
                        g.containsKey("system") && g.get("system").bool("system")));
            } else {
                groups.add(new Role.GroupSpec(account(v, str(v, "group")), true));
            }
        }
        List<Role.UserSpec> users = new ArrayList<>();
        for (YamlValue v : list(m.get("users"))) {
            Map<String, YamlValue> u = v.map(Set.of("name", "system", "home", "shell", "groups"));
            String n = account(u.get("name"), required(u, "name", v));
            users.add(new Role.UserSpec(n, !u.containsKey("system") || u.get("system").bool("system"),
                    opt(u, "home").orElse("/nonexistent"), opt(u, "shell").orElse("/usr/sbin/nologin"),
                    strings(u.get("groups"), "groups")));
        }
        List<Role.DirectorySpec> dirs = new ArrayList<>();
        for (YamlValue v : list(m.get("directories"))) {
            Map<String, YamlValue> d = v.map(Set.of("path", "owner", "group", "mode"));
            dirs.add(new Role.DirectorySpec(absolute(d, "path", v), mode(d, 0755)));
        }
        List<Role.FileSpec> files = new ArrayList<>();
        for (YamlValue v : list(m.get("files"))) {
            Map<String, YamlValue> f = v.map(Set.of("template", "dest", "owner", "group", "mode", "notify", "secret"));
            String template = required(f, "template", v);
            if (template.contains("/") || template.contains("..")) {
                throw f.get("template").error("template '" + template + "' must be a file name in templates/");
            }
            files.add(new Role.FileSpec(template, absolute(f, "dest", v), mode(f, 0644),
                    strings(f.get("notify"), "notify"), f.containsKey("secret") && f.get("secret").bool("secret"), v.where()));
        }
        List<Role.SymlinkSpec> links = new ArrayList<>();
        for (YamlValue v : list(m.get("symlinks"))) {
            Map<String, YamlValue> l = v.map(Set.of("path", "target", "notify"));
            links.add(new Role.SymlinkSpec(absolute(l, "path", v), required(l, "target", v), strings(l.get("notify"), "notify")));
        }
        List<Role.LineSpec> lines = new ArrayList<>();
        for (YamlValue v : list(m.get("lines"))) {
            Map<String, YamlValue> l = v.map(Set.of("path", "line", "match", "notify"));
            Optional<String> match = opt(l, "match");
            match.ifPresent(re -> {
                try {
                    Pattern.compile(re);
                } catch (RuntimeException e) {
                    throw l.get("match").error("match is not a valid regular expression: " + re);
                }
            });
            lines.add(new Role.LineSpec(absolute(l, "path", v), required(l, "line", v), match, strings(l.get("notify"), "notify")));
        }
        List<Role.RemoveSpec> remove = new ArrayList<>();
        for (YamlValue v : list(m.get("remove"))) {
            if (v.isMap()) {
                Map<String, YamlValue> r = v.map(Set.of("path", "notify"));
                remove.add(new Role.RemoveSpec(absolute(r, "path", v), strings(r.get("notify"), "notify")));
            } else {
                String p = str(v, "path");
                if (!p.startsWith("/")) throw v.error("remove path must be absolute, got '" + p + "'");
                remove.add(new Role.RemoveSpec(p, List.of()));
            }
        }
        Map<String, String> sysctl = new LinkedHashMap<>();
        if (m.containsKey("sysctl")) {
            m.get("sysctl").map().forEach((k, v) -> {
                if (!k.matches("[a-z0-9_.\\-/]+")) throw v.error("'" + k + "' is not a sysctl key");
                sysctl.put(k, str(v, k));
            });
        }
        List<Role.CommandSpec> commands = new ArrayList<>();
        for (YamlValue v : list(m.get("commands"))) {
            Map<String, YamlValue> c = v.map(Set.of("name", "run", "creates", "unless", "notify"));
            commands.add(new Role.CommandSpec(required(c, "name", v), required(c, "run", v), opt(c, "creates"),
                    opt(c, "unless"), strings(c.get("notify"), "notify")));
        }
        List<Role.ServiceSpec> services = new ArrayList<>();
        for (YamlValue v : list(m.get("services"))) {
            Map<String, YamlValue> s = v.map(Set.of("name", "manage", "enabled", "running", "on_change", "check"));
            String onChange = opt(s, "on_change").orElse("restart");
            if (!onChange.equals("reload") && !onChange.equals("restart")) {
                throw s.get("on_change").error("on_change must be reload or restart, got '" + onChange + "'");
            }
            services.add(new Role.ServiceSpec(required(s, "name", v),
                    !s.containsKey("manage") || s.get("manage").bool("manage"),
                    !s.containsKey("enabled") || s.get("enabled").bool("enabled"),
                    !s.containsKey("running") || s.get("running").bool("running"),
                    onChange.equals("reload") ? Role.OnChange.RELOAD : Role.OnChange.RESTART, opt(s, "check")));
        }
        List<Port> ports = new ArrayList<>();
        for (YamlValue v : list(m.get("ports"))) ports.add(port(v));
        List<Role.HealthCheck> health = new ArrayList<>();
        for (YamlValue v : list(m.get("health"))) health.add(check(v));

        // A notify must name a service of this role: a typo would otherwise silently never reload.
        Set<String> serviceNames = new LinkedHashSet<>(services.stream().map(Role.ServiceSpec::name).toList());
        for (YamlValue v : list(m.get("files"))) checkNotify(v, serviceNames);
        for (YamlValue v : list(m.get("symlinks"))) checkNotify(v, serviceNames);
        for (YamlValue v : list(m.get("lines"))) checkNotify(v, serviceNames);
        for (YamlValue v : list(m.get("commands"))) checkNotify(v, serviceNames);
        for (YamlValue v : list(m.get("remove"))) if (v.isMap()) checkNotify(v, serviceNames);
        for (YamlValue v : list(m.get("health"))) checkService(v, serviceNames);

        return new Role(name, source, description, reads, balances, needs, vars, packages, absent, groups, users, dirs,
                files, links, lines, remove, sysctl, commands, services, ports, health);
    }

    private void checkNotify(YamlValue item, Set<String> services) {
        YamlValue n = item.map().get("notify");
        for (String s : strings(n, "notify")) {
            if (!services.contains(s)) {
                throw n.error("notify names service '" + s + "' which role '" + name + "' does not declare (services: "
                        + String.join(", ", services) + ")");
            }
        }
    }

    private static String account(YamlValue where, String name) {
        if (!name.matches("[a-z_][a-z0-9_-]{0,31}")) throw where.error("'" + name + "' is not a user or group name");
        return name;
    }

    private static void checkPackage(YamlValue where, String p) {
        // Debian policy package name; catching shell metacharacters here keeps them out of apt-get's command line.
        if (!p.matches("[a-z0-9][a-z0-9+.\\-]+")) throw where.error("'" + p + "' is not a Debian package name");
    }

    private Port port(YamlValue v) {
        try {
            return Port.parse(str(v, "port"));
        } catch (IllegalArgumentException e) {
            throw v.error(e.getMessage());
        }
    }

    /** Monit would restart a service this role does not have. */
    private void checkService(YamlValue check, Set<String> serviceNames) {
        YamlValue svc = check.isMap() ? check.map(CHECK_KEYS).get("service") : null;
        if (svc != null && !serviceNames.contains(str(svc, "service"))) {
            throw svc.error("service '" + str(svc, "service") + "' is not among this role's services " + serviceNames);
        }
    }

    /**
     * The role with its health checks replaced by {@code checks}, a list read from another file (the spec's
     * {@code roles.<role>.health}) and checked exactly as the role's own, with the role's vars; errors name that file.
     */
    static Role withHealth(Role role, YamlValue checks) {
        RoleParser p = new RoleParser(role.name(), checks.where());
        p.vars.putAll(role.vars());
        if (!checks.isList()) throw checks.error("expected a list of health checks ({type: tcp|http|process, ...})");
        Set<String> serviceNames = new LinkedHashSet<>(role.serviceNames());
        List<Role.HealthCheck> out = new ArrayList<>();
        for (YamlValue v : checks.list()) {
            out.add(p.check(v));
            p.checkService(v, serviceNames);
        }
        return role.withHealth(out);
    }

    private Role.HealthCheck check(YamlValue v) {
        Map<String, YamlValue> c = v.map(CHECK_KEYS);
        if (c.containsKey("service") && !"process".equals(opt(c, "type").orElse(""))) {
            throw c.get("service").error("'service' belongs to process checks only: it names the service that runs the process");
        }
        if (c.containsKey("body") && !"http".equals(opt(c, "type").orElse(""))) {
            throw c.get("body").error("'body' belongs to http checks only: text the answer must contain");
        }
        String type = required(c, "type", v);
        return switch (type) {
            case "tcp" -> new Role.HealthCheck(Role.CheckType.TCP, Optional.of(port(need(c, "port", v))),
                    Optional.empty(), 0, Optional.empty(), Optional.empty(), Optional.empty());
            case "http" -> new Role.HealthCheck(Role.CheckType.HTTP,
                    Optional.of(c.containsKey("port") ? port(c.get("port")) : Port.tcp(80)),
                    Optional.of(opt(c, "path").orElse("/")),
                    c.containsKey("expect") ? c.get("expect").integer("expect") : 200, opt(c, "body"), Optional.empty(),
                    Optional.empty());
            case "process" -> new Role.HealthCheck(Role.CheckType.PROCESS, Optional.empty(), Optional.empty(), 0,
                    Optional.empty(), Optional.of(required(c, "process", v)), opt(c, "service"));
            default -> throw c.get("type").error("health check type must be tcp, http or process, got '" + type + "'");
        };
    }

    private FileMode mode(Map<String, YamlValue> m, int defaultMode) {
        int bits = defaultMode;
        if (m.containsKey("mode")) {
            String s = str(m.get("mode"), "mode");
            if (!s.matches("0?[0-7]{3,4}")) {
                throw m.get("mode").error("mode must be octal digits in quotes like \"0644\", got '" + s + "'");
            }
            bits = Integer.parseInt(s, 8);
        }
        return new FileMode(opt(m, "owner").orElse("root"), opt(m, "group").orElse("root"), bits);
    }

    private String absolute(Map<String, YamlValue> m, String key, YamlValue item) {
        String p = required(m, key, item);
        if (!p.startsWith("/") || p.contains("/../") || p.endsWith("/..")) {
            throw m.get(key).error(key + " must be an absolute path, got '" + p + "'");
        }
        return p;
    }

    private static YamlValue need(Map<String, YamlValue> m, String key, YamlValue item) {
        YamlValue v = m.get(key);
        if (v == null) throw item.error("missing '" + key + "'");
        return v;
    }

    private String required(Map<String, YamlValue> m, String key, YamlValue item) {
        String s = str(need(m, key, item), key);
        if (s.isBlank()) throw m.get(key).error("'" + key + "' is empty");
        return s;
    }

    private Optional<String> opt(Map<String, YamlValue> m, String key) {
        return m.containsKey(key) ? Optional.of(str(m.get(key), key)) : Optional.empty();
    }

    private static List<YamlValue> list(YamlValue v) {
        return v == null ? List.of() : v.list();
    }

    private List<String> strings(YamlValue v, String what) {
        if (v == null) return List.of();
        if (!v.isList()) return List.of(str(v, what));
        List<String> out = new ArrayList<>();
        for (YamlValue item : v.list()) out.add(str(item, what));
        return out;
    }

    /** A scalar with {@code ${var}} replaced from the role's vars; an unknown var is an error at its line. */
    private String str(YamlValue v, String what) {
        String raw = v.scalar(what);
        Matcher m = VAR.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = vars.get(m.group(1));
            if (value == null) {
                throw v.error("${" + m.group(1) + "} is not a var of role '" + name + "' (vars: "
                        + String.join(", ", vars.keySet()) + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
