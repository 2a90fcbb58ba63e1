package io.rolestack.core.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code apps:} block of a spec (docs/apps.md), checked whole: every error names its FILE:LINE:COLUMN.
 * Kept apart from {@link SpecLoader} so that the apps part changes alone.
 */
final class AppsReader {
    static final Set<String> APP_KEYS = Set.of("name", "repo", "ref", "role", "root", "shared", "configs", "keep",
            "health", "hostnames", "pluginsDir", "plugins", "database");
    static final Set<String> DATABASE_KEYS = Set.of("name", "user");
    private static final Pattern DB_IDENTIFIER = Pattern.compile("[a-z0-9_]+");
    /**
     * Databases an app may not claim: MariaDB's own, and {@code app}, the app tier's shared database (account
     * {@code rolestack_app}, written to {@code /etc/rolestack/db-app.ini} on every app host).
     */
    static final Set<String> RESERVED_DATABASES = Set.of("mysql", "information_schema", "performance_schema", "sys", "app");
    /** Accounts an app may not claim: MariaDB's own and rolestack's ({@code rolestack_app}, {@code rolestack_repl}, ...). */
    static final Set<String> RESERVED_USERS = Set.of("root", "mysql", "public");
    static final Set<String> PLUGIN_SOURCES = Set.of("git", "svn", "zip");
    static final Set<String> PLUGIN_KEYS = Set.of("slug", "git", "svn", "zip", "ref", "revision", "sha256");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** A path inside a release: relative, plain segments (no '.', '..', empty or hidden-by-accident ones). */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_@+,=-][A-Za-z0-9._@+,=-]*");
    private static final Pattern HOSTNAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    /** Git ref names as a spec may write them: no spaces, no '..', no leading '-'. */
    private static final Pattern REF = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._/+-]*");

    private AppsReader() {
    }

    static List<PlatformSpec.App> apps(Optional<SpecNode> node, Set<String> hostRoles, boolean specHasDatabase) {
        List<PlatformSpec.App> apps = new ArrayList<>();
        Map<String, String> databases = new HashMap<>();
        Map<String, String> users = new HashMap<>();
        Map<String, SpecNode> seen = new HashMap<>();
        Map<String, String> identifiers = new HashMap<>();
        Map<String, String> servedNames = new HashMap<>();
        for (SpecNode n : node.map(SpecNode::list).orElse(List.of())) {
            SpecNode.Fields f = n.fields(APP_KEYS);
            SpecNode nameNode = f.required("name");
            String name = nameNode.string();
            if (!NAME.matcher(name).matches()) throw nameNode.error("'" + name + "' is not an app name (a-z, 0-9, '-', '_')");
            if (seen.put(name, n) != null) throw nameNode.error("duplicate app '" + name + "'");
            // nginx names (upstream, variables) use '_' for '-': "a-b" and "a_b" would share them.
            String sameId = identifiers.put(name.replace('-', '_'), name);
            if (sameId != null) throw nameNode.error("app '" + name + "' and app '" + sameId + "' differ only by '-' and '_'");
            String repo = url(f.required("repo"), "repo");
            String ref = ref(f.optional("ref"), "master");
            String role = f.string("role", "app");
            if (!hostRoles.contains(role)) {
                throw f.optional("role").orElse(nameNode).error("app '" + name + "': no host of this spec has role '" + role
                        + "' to deploy it to (the hosts' roles: " + String.join(", ", hostRoles) + ")");
            }
            if (!hostRoles.contains("frontend")) {
                throw nameNode.error("app '" + name + "': no frontend host serves it (nginx on role frontend); add one to hosts");
            }
            String root = f.optional("root").map(r -> path(r, "root", true)).orElse("");
            List<String> shared = new ArrayList<>();
            for (SpecNode s : f.optional("shared").map(SpecNode::list).orElse(List.of())) {
                String p = path(s, "shared path", false);
                for (String other : shared) {
                    if (p.equals(other) || p.startsWith(other + "/") || other.startsWith(p + "/")) {
                        throw s.error("shared path '" + p + "' overlaps '" + other + "'");
                    }
                }
                shared.add(p);
            }
            List<PlatformSpec.AppConfig> configs = new ArrayList<>();
            Map<String, SpecNode> dests = new LinkedHashMap<>();
            for (SpecNode c : f.optional("configs").map(SpecNode::list).orElse(List.of())) {
                SpecNode.Fields cf = c.fields(Set.of("template", "dest"));
                String template = path(cf.required("template"), "template", false);
                SpecNode destNode = cf.required("dest");
                String dest = path(destNode, "dest", false);
                if (dests.put(dest, c) != null) throw destNode.error("two configs write '" + dest + "'");
                for (String s : shared) {
                    if (dest.equals(s) || dest.startsWith(s + "/")) {
                        throw destNode.error("config '" + dest + "' is inside shared path '" + s + "' (kept across releases)");
                    }
                }
                configs.add(new PlatformSpec.AppConfig(template, dest, c.where()));
            }
            int keep = f.integer("keep", PlatformSpec.App.DEFAULT_KEEP);
            if (keep < 1 || keep > 100) throw f.required("keep").error("keep must be 1 to 100 releases, was " + keep);
            String health = f.optional("health").map(AppsReader::healthPath).orElse("/");
            List<String> hostnames = new ArrayList<>();
            for (SpecNode h : f.optional("hostnames").map(SpecNode::list).orElse(List.of())) {
                String v = h.string();
                if (!HOSTNAME.matcher(v).matches() || v.length() > 253) throw h.error("'" + v + "' is not a lower-case host name");
                if (hostnames.contains(v)) throw h.error("duplicate host name '" + v + "'");
                String owner = servedNames.get(v);
                if (owner != null) throw h.error("host name '" + v + "' is already served for app '" + owner + "'");
                hostnames.add(v);
            }
            String pluginsDir = f.optional("pluginsDir").map(p -> path(p, "pluginsDir", false)).orElse("wp-content/plugins");
            List<PlatformSpec.Plugin> plugins = new ArrayList<>();
            Map<String, SpecNode> slugs = new HashMap<>();
            for (SpecNode p : f.optional("plugins").map(SpecNode::list).orElse(List.of())) {
                PlatformSpec.Plugin plugin = plugin(p);
                if (slugs.put(plugin.slug(), p) != null) {
                    throw p.error("duplicate plugin slug '" + plugin.slug() + "'");
                }
                plugins.add(plugin);
            }
            Optional<PlatformSpec.AppDatabase> database = f.optional("database").flatMap(d -> database(d, name, specHasDatabase));
            if (database.isPresent()) {
                PlatformSpec.AppDatabase db = database.get();
                SpecNode at = f.required("database");
                String other = databases.put(db.name(), name);
                if (other != null) throw at.error("app '" + name + "': database '" + db.name() + "' is already app '" + other + "''s");
                other = users.put(db.user(), name);
                if (other != null) throw at.error("app '" + name + "': account '" + db.user() + "' is already app '" + other + "''s");
            }
            hostnames.forEach(h -> servedNames.put(h, name));
            apps.add(new PlatformSpec.App(name, repo, ref, role, root, shared, configs, keep, health, hostnames,
                    pluginsDir, plugins, database, n.where()));
        }
        return apps;
    }

    /**
     * {@code database: true} (named after the app), {@code false} (none, as when left out), {@code NAME}, or
     * {@code {name: NAME, user: USER}} (either may be left out); the account defaults to {@code app_APP}.
     */
    private static Optional<PlatformSpec.AppDatabase> database(SpecNode n, String app, boolean specHasDatabase) {
        String name = PlatformSpec.AppDatabase.defaultName(app);
        String user = PlatformSpec.AppDatabase.defaultUser(app);
        SpecNode nameAt = n;
        SpecNode userAt = n;
        if (n.isBool()) {
            if (!n.bool()) return Optional.empty();
        } else if (n.isMapping()) {
            SpecNode.Fields f = n.fields(DATABASE_KEYS);
            nameAt = f.optional("name").orElse(n);
            userAt = f.optional("user").orElse(n);
            name = f.string("name", name).trim();
            user = f.string("user", user).trim();
        } else if (n.isScalar()) {
            name = n.string().trim();
        } else {
            throw n.error("app '" + app + "': database is true, false, a database name or {name, user}");
        }
        if (!specHasDatabase) {
            throw n.error("app '" + app + "': a database needs the spec's database: section (the MariaDB primary it is made on)");
        }
        if (!DB_IDENTIFIER.matcher(name).matches() || name.length() > PlatformSpec.AppDatabase.MAX_NAME) {
            throw nameAt.error("app '" + app + "': '" + name + "' is not a database name (a-z, 0-9, '_', at most "
                    + PlatformSpec.AppDatabase.MAX_NAME + ")");
        }
        if (RESERVED_DATABASES.contains(name)) {
            throw nameAt.error("app '" + app + "': database '" + name + "' is reserved (MariaDB's own, or 'app', the app tier's shared one)");
        }
        if (!DB_IDENTIFIER.matcher(user).matches() || user.length() > PlatformSpec.AppDatabase.MAX_USER) {
            throw userAt.error("app '" + app + "': '" + user + "' is not an account name (a-z, 0-9, '_', at most "
                    + PlatformSpec.AppDatabase.MAX_USER + " characters)" + (userAt == n ? "; name one: database: {user: ...}" : ""));
        }
        if (RESERVED_USERS.contains(user) || user.startsWith("rolestack_")) {
            throw userAt.error("app '" + app + "': account '" + user + "' is reserved (MariaDB's own, or rolestack_*)");
        }
        return Optional.of(new PlatformSpec.AppDatabase(name, user, n.where()));
    }

    private static PlatformSpec.Plugin plugin(SpecNode n) {
        if (!n.isMapping()) throw n.error("expected a plugin {slug, git|svn|zip: URL, ...}");
        // An unknown source is named as such (not as just another key), with the ones there are.
        for (String k : n.entries().keySet()) {
            if (!PLUGIN_KEYS.contains(k)) {
                throw n.keyOf(k).orElse(n).error("unknown plugin source or key '" + k + "' (sources: git, svn, zip;"
                        + " keys: slug, ref for git, revision for svn, sha256 for zip)");
            }
        }
        SpecNode.Fields f = n.fields(PLUGIN_KEYS);
        SpecNode slugNode = f.required("slug");
        String slug = slugNode.string();
        if (!SLUG.matcher(slug).matches()) throw slugNode.error("'" + slug + "' is not a plugin slug (a-z, 0-9, '.', '-', '_')");
        List<String> sources = f.keys().stream().filter(PLUGIN_SOURCES::contains).toList();
        if (sources.size() != 1) {
            throw n.error("plugin '" + slug + "' needs exactly one source: git, svn or zip (has "
                    + (sources.isEmpty() ? "none" : String.join(", ", sources)) + ")");
        }
        String kind = sources.get(0);
        PlatformSpec.Plugin.Source source = PlatformSpec.Plugin.Source.valueOf(kind.toUpperCase());
        String url = url(f.required(kind), kind);
        only(f, "ref", source, PlatformSpec.Plugin.Source.GIT, slug);
        only(f, "revision", source, PlatformSpec.Plugin.Source.SVN, slug);
        only(f, "sha256", source, PlatformSpec.Plugin.Source.ZIP, slug);
        Optional<String> ref = source == PlatformSpec.Plugin.Source.GIT ? Optional.of(ref(f.optional("ref"), "master")) : Optional.empty();
        Optional<Long> revision = f.optional("revision").map(r -> {
            long v;
            try {
                v = Long.parseLong(r.string().trim());
            } catch (NumberFormatException e) {
                throw r.error("revision must be a number (or leave it out and name a tag path in the URL)");
            }
            if (v < 1) throw r.error("revision must be at least 1");
            return v;
        });
        Optional<String> sha = Optional.empty();
        if (source == PlatformSpec.Plugin.Source.ZIP) {
            SpecNode shaNode = f.optional("sha256")
                    .orElseThrow(() -> n.error("plugin '" + slug + "' from a zip needs its sha256 (mandatory: the archive is checked)"));
            String v = shaNode.string().trim();
            if (!SHA256.matcher(v).matches()) throw shaNode.error("sha256 must be 64 lower-case hex digits, was '" + v + "'");
            sha = Optional.of(v);
        }
        return new PlatformSpec.Plugin(slug, source, url, ref, revision, sha, n.where());
    }

    private static void only(SpecNode.Fields f, String key, PlatformSpec.Plugin.Source source,
                             PlatformSpec.Plugin.Source owner, String slug) {
        if (source != owner && f.optional(key).isPresent()) {
            throw f.required(key).error("plugin '" + slug + "': '" + key + "' is only for " + owner.name().toLowerCase()
                    + " plugins");
        }
    }

    private static String url(SpecNode n, String what) {
        String v = n.string().trim();
        if (!v.matches("(https?|git|file|svn|svn\\+ssh|ssh)://\\S+")) {
            throw n.error(what + " '" + v + "' is not a URL (http(s)://, git://, file://, svn://, ssh://)");
        }
        return v;
    }

    private static String ref(Optional<SpecNode> n, String fallback) {
        if (n.isEmpty()) return fallback;
        String v = n.get().string().trim();
        if (!REF.matcher(v).matches() || v.contains("..") || v.endsWith("/") || v.endsWith(".lock")) {
            throw n.get().error("'" + v + "' is not a branch or tag name");
        }
        return v;
    }

    /** A relative path inside the release, as written; {@code emptyOk}: "" or "." for the top. */
    private static String path(SpecNode n, String what, boolean emptyOk) {
        String v = n.string().trim();
        while (v.endsWith("/")) v = v.substring(0, v.length() - 1);
        if (emptyOk && (v.isEmpty() || v.equals("."))) return "";
        if (v.startsWith("/")) throw n.error(what + " '" + v + "' must be relative to the repo's top");
        for (String seg : v.split("/", -1)) {
            if (!SEGMENT.matcher(seg).matches()) {
                throw n.error(what + " '" + v + "' is not a plain relative path (segments of letters, digits, . _ - @ + , =;"
                        + " no '..', no empty or hidden segment)");
            }
        }
        return v;
    }

    private static String healthPath(SpecNode n) {
        String v = n.string().trim();
        if (!v.matches("/[A-Za-z0-9._~!$&'()*+,;=:@/%?-]*")) {
            throw n.error("health '" + v + "' must be a path starting with '/' (the request through each frontend)");
        }
        return v;
    }
}
