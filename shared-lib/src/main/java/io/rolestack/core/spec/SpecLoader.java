package io.rolestack.core.spec;

import io.rolestack.core.time.DurationText;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.naming.InvalidHostNameException;
import io.rolestack.core.naming.NamingScheme;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a platform spec (YAML) and checks it whole before anything uses it:
 * unknown keys, wrong types, bad or duplicate hostnames, a database primary
 * that is not a host… are {@link SpecException}s at file:line:column.
 */
public final class SpecLoader {
    static final Set<String> TOP = Set.of("environment", "domain", "naming", "provider", "jump", "hosts", "roles",
            "apps", "database", "health", "patching", "backups", "ssh");
    static final Map<String, Set<String>> PROVIDER_KEYS = Map.of(
            "local", Set.of("type", "subnet", "jumpSubnet", "stateDir", "cacheDir", "suite"),
            "openstack", Set.of("type", "cloud", "authUrl", "region", "project", "projectDomain", "userDomain",
                    "projectDomainId", "userDomainId", "username", "applicationCredentialId", "image", "network", "subnetCidr", "keyName", "flavor",
                    "flavors", "sshFrom", "floatingNetwork", "deployKey", "buildTimeout", "pollInterval",
                    "callTimeout", "concurrency"));
    /**
     * Fields the format has but no capability acts on yet, by key path, with what is missing. Without this,
     * {@code apply} would succeed while ignoring them; each is an error at its FILE:LINE:COLUMN (after the rest of
     * the spec is checked) until the issue implementing it removes its entry here and in docs/spec.md.
     */
    public static final Map<String, String> NOT_SUPPORTED_YET = Map.of(
            "naming", "providers and the inventory read host names with the default convention only"
                    + " (role[-qualifier...][index], masterdb marks the db primary); remove 'naming'",
            "health", "Monit restarts and the OOM reboot are always on and cannot be switched off here;"
                    + " tune Monit with roles.base.vars and change checks with roles.<role>.health (docs/health.md); remove 'health'");
    /** Secrets belong in clouds.yaml, the environment or a Jenkins credential, never in a spec in git. */
    static final Set<String> SECRET_KEYS = Set.of("password", "secret", "applicationCredentialSecret", "token");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern CONCURRENCY = Pattern.compile("[0-9]{1,4}%?");

    private SpecLoader() {
    }

    public static PlatformSpec load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SpecException(file.toString(), 0, 0, "no such file");
        } catch (IOException e) {
            throw new SpecException(file.toString(), 0, 0, "cannot read: " + e.getMessage());
        }
        return parse(file, text);
    }

    public static PlatformSpec parse(Path source, String yaml) {
        String file = source.toString();
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String why = (e.getContext() == null ? "" : e.getContext() + ", ") + e.getProblem();
            throw new SpecException(file, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1,
                    "not valid YAML: " + why);
        } catch (YAMLException e) {
            throw new SpecException(file, 0, 0, "not valid YAML: " + e.getMessage());
        }
        if (root == null) throw new SpecException(file, 1, 1, "the spec is empty");
        return new Reader(new SpecNode(file, root, "")).read(source);
    }

    /** One pass over the document; keeps each host's node so later checks can point at it. */
    private static final class Reader {
        private final SpecNode root;
        private final Map<HostName, SpecNode> hostNodes = new LinkedHashMap<>();

        Reader(SpecNode root) {
            this.root = root;
        }

        PlatformSpec read(Path source) {
            SpecNode.Fields top = root.fields(TOP);
            String environment = label(top.required("environment"));
            String domain = domain(top.required("domain"));
            NamingScheme naming = naming(top.optional("naming"), environment, domain);
            PlatformSpec.Provider provider = provider(top.required("provider"));

            SpecNode jumpNode = top.required("jump");
            HostName jump = hostName(jumpNode, naming, environment);

            List<HostName> hosts = new ArrayList<>();
            SpecNode hostsNode = top.required("hosts");
            for (SpecNode n : hostsNode.list()) {
                HostName h = hostName(n, naming, environment);
                SpecNode first = hostNodes.get(h);
                if (first != null && !h.equals(jump)) {
                    throw n.error("duplicate host '" + h.fqdn() + "' (first at line " + first.line() + ")");
                }
                hostNodes.put(h, n);
                if (!h.equals(jump)) hosts.add(h);
            }
            hostNodes.putIfAbsent(jump, jumpNode);
            if (hosts.isEmpty()) throw hostsNode.error("no hosts besides the jump host");

            Map<String, PlatformSpec.RoleSettings> roles = roles(top.optional("roles"));
            List<PlatformSpec.App> apps = apps(top.optional("apps"), top.optional("database").isPresent());
            Optional<PlatformSpec.Database> database = top.optional("database").map(n -> database(n, naming, environment));
            PlatformSpec.Health health = top.optional("health").map(this::health).orElse(new PlatformSpec.Health(true, true));
            Optional<PlatformSpec.Patching> patching = top.optional("patching").map(n -> patching(n,
                    hostNodes.keySet().stream().map(HostName::role).collect(java.util.stream.Collectors.toSet())));
            Optional<PlatformSpec.Backups> backups = top.optional("backups").map(n -> backups(n, naming, environment));
            PlatformSpec.Ssh ssh = top.optional("ssh").map(this::ssh)
                    .orElse(new PlatformSpec.Ssh("root", Optional.empty(), Optional.empty(), false));
            PlatformSpec spec = new PlatformSpec(source, environment, domain, naming, provider, jump, hosts, roles, apps,
                    database, health, patching, backups, ssh);
            IgnoredFields.refuse(root, spec);
            return spec;
        }

        private static String label(SpecNode n) {
            String s = n.string();
            if (!s.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
                throw n.error("'" + s + "' is not a lower-case DNS label (a-z, 0-9, '-')");
            }
            return s;
        }

        private static String domain(SpecNode n) {
            String s = n.string();
            for (String part : s.split("\\.", -1)) {
                if (!part.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
                    throw n.error("'" + s + "' is not a lower-case DNS domain");
                }
            }
            return s;
        }

        private NamingScheme naming(Optional<SpecNode> node, String env, String domain) {
            if (node.isEmpty()) return NamingScheme.DEFAULT.withDefaults(env, domain);
            SpecNode.Fields f = node.get().fields(Set.of("pattern", "primaries"));
            String pattern = f.string("pattern", NamingScheme.DEFAULT_PATTERN);
            Map<String, String> primaries = new HashMap<>(NamingScheme.DEFAULT.primaries());
            f.optional("primaries").ifPresent(p -> {
                primaries.clear();
                p.entries().forEach((k, v) -> primaries.put(k, v.string()));
            });
            try {
                return NamingScheme.of(pattern, primaries, env, domain);
            } catch (IllegalArgumentException e) {
                throw f.optional("pattern").orElse(node.get()).error(e.getMessage());
            }
        }

        private static PlatformSpec.Provider provider(SpecNode n) {
            String type = n.entries().containsKey("type") ? n.entries().get("type").string() : null;
            if (type == null) throw n.error("missing required key 'type' (local or openstack)");
            Set<String> allowed = PROVIDER_KEYS.get(type);
            if (allowed == null) {
                throw n.entries().get("type").error("unknown provider type '" + type + "' (local or openstack)");
            }
            n.entries().forEach((k, v) -> {
                if (SECRET_KEYS.contains(k)) {
                    throw v.error("secrets do not belong in a spec: use clouds.yaml, OS_* variables or a Jenkins credential");
                }
            });
            n.fields(allowed);
            @SuppressWarnings("unchecked")
            Map<String, Object> settings = (Map<String, Object>) n.plain();
            return new PlatformSpec.Provider(type, settings, n.where());
        }

        private HostName hostName(SpecNode n, NamingScheme naming, String environment) {
            HostName h;
            try {
                h = HostName.parse(n.string(), naming);
            } catch (InvalidHostNameException e) {
                throw n.error(e.getMessage());
            }
            if (!h.environment().equals(environment)) {
                throw n.error("host '" + h.fqdn() + "' is in environment '" + h.environment()
                        + "' but this spec is for '" + environment + "'");
            }
            return h;
        }

        private Map<String, PlatformSpec.RoleSettings> roles(Optional<SpecNode> node) {
            Map<String, PlatformSpec.RoleSettings> roles = new LinkedHashMap<>();
            node.ifPresent(n -> n.entries().forEach((role, v) -> {
                if (!NAME.matcher(role).matches()) throw v.error("'" + role + "' is not a role name");
                SpecNode.Fields f = v.fields(Set.of("flavor", "vars", "health"));
                f.optional("health").ifPresent(x -> {
                    if (!x.isSequence()) throw x.error("expected a list of health checks ({type: tcp|http|process, ...})");
                });
                @SuppressWarnings("unchecked")
                Map<String, Object> vars = f.optional("vars").map(x -> {
                    if (!x.isMapping()) throw x.error("expected a mapping of variables");
                    return (Map<String, Object>) x.plain();
                }).orElse(Map.of());
                roles.put(role, new PlatformSpec.RoleSettings(f.optional("flavor").map(SpecNode::string), vars,
                        f.optional("health").isPresent()));
            }));
            return roles;
        }

        private List<PlatformSpec.App> apps(Optional<SpecNode> node, boolean hasDatabase) {
            return AppsReader.apps(node, hostNodes.keySet().stream().map(HostName::role)
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new)), hasDatabase);
        }

        private PlatformSpec.Database database(SpecNode n, NamingScheme naming, String env) {
            SpecNode.Fields f = n.fields(Set.of("primary", "replicas", "tls"));
            SpecNode pn = f.required("primary");
            HostName primary = declared(pn, naming, env);
            List<HostName> replicas = new ArrayList<>();
            for (SpecNode r : f.optional("replicas").map(SpecNode::list).orElse(List.of())) {
                HostName h = declared(r, naming, env);
                if (h.equals(primary)) throw r.error("'" + h.shortName() + "' is the primary; it cannot also be a replica");
                if (replicas.contains(h)) throw r.error("duplicate replica '" + h.shortName() + "'");
                replicas.add(h);
            }
            // Replication crosses the network: it is always over TLS with the environment's own CA.
            if (!f.bool("tls", true)) throw f.required("tls").error("replication is always over TLS; remove 'tls: false'");
            return new PlatformSpec.Database(primary, replicas, true);
        }

        /** A host named again elsewhere in the spec must be one of {@code hosts}. */
        private HostName declared(SpecNode n, NamingScheme naming, String env) {
            HostName h = hostName(n, naming, env);
            if (!hostNodes.containsKey(h)) {
                throw n.error("'" + n.string() + "' is not one of the spec's hosts");
            }
            return h;
        }

        private PlatformSpec.Health health(SpecNode n) {
            SpecNode.Fields f = n.fields(Set.of("restart", "oomReboot"));
            return new PlatformSpec.Health(f.bool("restart", true), f.bool("oomReboot", true));
        }

        private PlatformSpec.Patching patching(SpecNode n, Set<String> roles) {
            SpecNode.Fields f = n.fields(Set.of("schedule", "concurrency", "settle", "lockTtl", "drainTimeout", "switchBack"));
            String schedule = CronSchedules.read(f.required("schedule"));
            Map<String, String> concurrency = new LinkedHashMap<>();
            Optional<SpecNode> cNode = f.optional("concurrency");
            for (Map.Entry<String, SpecNode> e : cNode.map(SpecNode::entries).orElse(Map.of()).entrySet()) {
                SpecNode v = e.getValue();
                if (!roles.contains(e.getKey())) {
                    throw cNode.get().keyOf(e.getKey()).orElse(v).error("concurrency: role '" + e.getKey() + "' has no host in the spec (roles: "
                            + new TreeSet<>(roles) + ")");
                }
                String c = v.string().trim();
                if (!CONCURRENCY.matcher(c).matches() || c.matches("0+%?")) {
                    throw v.error("concurrency of '" + e.getKey() + "' must be a count >= 1 (2) or a share 1% to 100% (50%), was '" + c + "'");
                }
                if (c.endsWith("%") && Integer.parseInt(c.substring(0, c.length() - 1)) > 100) {
                    throw v.error("concurrency of '" + e.getKey() + "' must be a share 1% to 100%, was '" + c + "'");
                }
                concurrency.put(e.getKey(), c);
            }
            Duration settle = f.optional("settle").map(x -> duration(x, Duration.ZERO)).orElse(PlatformSpec.Patching.DEFAULT_SETTLE);
            Duration lockTtl = f.optional("lockTtl").map(x -> duration(x, Duration.ofMinutes(1))).orElse(PlatformSpec.Patching.DEFAULT_LOCK_TTL);
            Duration drain = f.optional("drainTimeout").map(x -> duration(x, Duration.ofSeconds(1)))
                    .orElse(PlatformSpec.Patching.DEFAULT_DRAIN_TIMEOUT);
            return new PlatformSpec.Patching(schedule, concurrency, settle, lockTtl, drain, f.bool("switchBack", true));
        }

        /** A duration ({@link DurationText}: {@code 30s}, {@code 10m}, {@code 2h}, plain seconds …); at least {@code min}. */
        private static Duration duration(SpecNode n, Duration min) {
            return n.duration(min);
        }

        /** {@code backups:} — MariaDB physical backups and search snapshots (docs/backups.md). */
        private PlatformSpec.Backups backups(SpecNode n, NamingScheme naming, String environment) {
            SpecNode.Fields f = n.fields(Set.of("target", "retention", "schedule", "verify", "search"));
            PlatformSpec.BackupTarget target = target(f.required("target"), naming, environment);
            PlatformSpec.Retention retention = f.optional("retention").map(Reader::retention).orElse(PlatformSpec.Retention.DEFAULT);
            Optional<String> schedule = f.optional("schedule").map(CronSchedules::read);
            Optional<PlatformSpec.SearchBackups> search = f.optional("search")
                    .map(s -> SearchBackupsReader.read(s, h -> declared(h, naming, environment), Reader::retention));
            return new PlatformSpec.Backups(target, retention, schedule, f.bool("verify", true), search);
        }

        /**
         * {@code target:} {@code dir} on the machine running rolestack (absolute or {@code ~/}), or {@code host}, a
         * spec host of the {@code backup} role, with {@code dir} on it (absolute; default /var/backups/rolestack).
         */
        private PlatformSpec.BackupTarget target(SpecNode n, NamingScheme naming, String environment) {
            SpecNode.Fields t = n.fields(Set.of("dir", "host"));
            Optional<HostName> host = t.optional("host").map(h -> {
                HostName name = declared(h, naming, environment);
                if (!name.role().equals(PlatformSpec.BackupTarget.ROLE)) {
                    throw h.error("target.host '" + h.string() + "' is a " + name.role() + " host: backups go to a host of the "
                            + PlatformSpec.BackupTarget.ROLE + " role (such as backup1), or to target.dir on this machine");
                }
                return name;
            });
            Optional<SpecNode> dirNode = t.optional("dir");
            if (dirNode.isEmpty() && host.isEmpty()) {
                throw n.error("target needs 'dir' (a directory on the machine running rolestack) or 'host' (a backup host of the spec)");
            }
            Path dir = dirNode.map(d -> {
                String p = d.string().trim();
                if (p.isEmpty()) throw d.error("target.dir is empty");
                if (host.isPresent()) {
                    if (!p.startsWith("/")) throw d.error("target.dir '" + p + "' on " + host.get().shortName() + " must be absolute");
                    return Path.of(p).normalize();
                }
                Path path = expandHome(p);
                if (!path.isAbsolute()) throw d.error("target.dir '" + p + "' must be absolute (or start with ~/)");
                return path.normalize();
            }).orElse(PlatformSpec.BackupTarget.DEFAULT_HOST_DIR);
            return new PlatformSpec.BackupTarget(host, dir);
        }

        /** {@code retention:} of MariaDB backups and of search snapshots: keep >= 1 and/or maxAge. */
        private static PlatformSpec.Retention retention(SpecNode r) {
            SpecNode.Fields rf = r.fields(Set.of("keep", "maxAge"));
            if (rf.keys().isEmpty()) throw r.error("retention needs 'keep' (a count >= 1) and/or 'maxAge' (such as 30d)");
            Optional<Integer> keep = rf.optional("keep").map(k -> {
                int v = k.integer();
                if (v < 1) throw k.error("keep must be at least 1 (retention never leaves fewer than one valid backup), was " + v);
                return v;
            });
            return new PlatformSpec.Retention(keep, rf.optional("maxAge").map(Reader::age));
        }

        /** An age carries its unit, days or hours (a bare number would read as seconds); at least 1 h. */
        private static Duration age(SpecNode n) {
            String t = n.string().trim();
            if (!t.matches("[0-9]+\\s*[dhDH]")) throw n.error("maxAge must be days or hours such as 30d or 12h, was '" + t + "'");
            return duration(n, Duration.ofHours(1));
        }

        private PlatformSpec.Ssh ssh(SpecNode n) {
            SpecNode.Fields f = n.fields(Set.of("user", "identity", "knownHosts", "trustOnFirstUse"));
            return new PlatformSpec.Ssh(f.string("user", "root"),
                    f.optional("identity").map(x -> expandHome(x.string())),
                    f.optional("knownHosts").map(x -> expandHome(x.string())),
                    f.bool("trustOnFirstUse", false));
        }

        private static Path expandHome(String p) {
            return p.startsWith("~/") ? Path.of(System.getProperty("user.home"), p.substring(2)) : Path.of(p);
        }
    }
}
