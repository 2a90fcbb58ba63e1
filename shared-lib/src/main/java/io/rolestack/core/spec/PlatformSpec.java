package io.rolestack.core.spec;

import io.rolestack.core.naming.HostName;
import io.rolestack.core.naming.NamingScheme;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a platform is made of, as written in a spec file (docs/spec.md). Loaded
 * and checked by {@link SpecLoader}; every name here is already validated.
 */
public record PlatformSpec(
        Path source,
        String environment,
        String domain,
        NamingScheme naming,
        Provider provider,
        HostName jump,
        List<HostName> hosts,
        Map<String, RoleSettings> roles,
        List<App> apps,
        Optional<Database> database,
        Health health,
        Optional<Patching> patching,
        Optional<Backups> backups,
        Ssh ssh) {

    public PlatformSpec {
        hosts = List.copyOf(hosts);
        roles = Map.copyOf(roles);
        apps = List.copyOf(apps);
    }

    /** The jump host first, then the hosts in the order written. */
    public List<HostName> allHosts() {
        List<HostName> all = new ArrayList<>();
        all.add(jump);
        hosts.stream().filter(h -> !h.equals(jump)).forEach(all::add);
        return all;
    }

    public Optional<HostName> host(String nameOrShort) {
        return allHosts().stream()
                .filter(h -> h.fqdn().equals(nameOrShort) || h.shortName().equals(nameOrShort))
                .findFirst();
    }

    public String flavorOf(HostName h, String fallback) {
        RoleSettings r = roles.get(h.role());
        return r == null || r.flavor().isEmpty() ? fallback : r.flavor().get();
    }

    /** {@code provider:} — which provider and its own settings, passed to it as plain values. */
    public record Provider(String type, Map<String, Object> settings, SpecLocation where) {
        public Provider {
            settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        }

        /** A problem a provider found in its settings, reported at the {@code provider:} block. */
        public SpecException error(String message) {
            return where.error(message);
        }
    }

    /**
     * {@code roles.<role>:} — per-role settings. {@code health} is true when the spec replaces the role's health
     * checks ({@code health: [...]}); the role catalog reads them from the spec file, where their lines are.
     */
    public record RoleSettings(Optional<String> flavor, Map<String, Object> vars, boolean health) {
    }

    /**
     * {@code apps[]:} — a web app kept in its own parent git repo (docs/apps.md).
     *
     * @param ref        branch or tag of {@code repo}
     * @param role       the pool it runs on (php-fpm hosts); the frontends get it too (static files)
     * @param root       the document root inside the repo ({@code ""}: the repo's top)
     * @param shared     directories kept across releases ({@code wp-content/uploads}), relative to the repo's top
     * @param configs    Pebble templates in the repo rendered from the pools into the release
     * @param keep       good releases kept per host (the current one included)
     * @param health     the path asked through every frontend after a switch; not 200 → rollback
     * @param hostnames  the names the frontends serve it under (empty: {@code NAME.ENVIRONMENT.DOMAIN})
     * @param pluginsDir where plugins go, relative to the document root
     * @param poll       how often {@code rolestack watch} asks the repo where {@code ref} is, to deploy it when it
     *                   moved (docs/watch.md); empty: watch leaves the app alone (deployed by hand)
     */
    public record App(String name, String repo, String ref, String role, String root, List<String> shared,
                      List<AppConfig> configs, int keep, String health, List<String> hostnames, String pluginsDir,
                      List<Plugin> plugins, Optional<Duration> poll, Optional<AppDatabase> database, SpecLocation where) {
        public static final int DEFAULT_KEEP = 5;
        /** The shortest {@code poll}: one ls-remote per app that often is cheap for any git server. */
        public static final Duration MIN_POLL = Duration.ofSeconds(10);

        public App {
            shared = List.copyOf(shared);
            configs = List.copyOf(configs);
            hostnames = List.copyOf(hostnames);
            plugins = List.copyOf(plugins);
            java.util.Objects.requireNonNull(poll, "poll");
            database = database == null ? Optional.empty() : database;
        }

        public App withRepo(String url) {
            return new App(name, url, ref, role, root, shared, configs, keep, health, hostnames, pluginsDir, plugins, poll, database, where);
        }

        public App withHealth(String path) {
            return new App(name, repo, ref, role, root, shared, configs, keep, path, hostnames, pluginsDir, plugins, poll, database, where);
        }

        public App withPoll(Duration every) {
            return new App(name, repo, ref, role, root, shared, configs, keep, health, hostnames, pluginsDir, plugins,
                    Optional.of(every), database, where);
        }

        public App withConfigs(List<AppConfig> list) {
            return new App(name, repo, ref, role, root, shared, list, keep, health, hostnames, pluginsDir, plugins, poll, database, where);
        }

        /** {@code root/path}, or {@code path} when the document root is the repo's top. */
        public String underRoot(String path) {
            return root.isEmpty() ? path : root + "/" + path;
        }
    }

    /**
     * An app's own database ({@code database: true | NAME | {name, user}}, docs/apps.md): made on the primary with
     * an account {@code user} that may use only it, from the app pool's addresses only, over TLS.
     *
     * @param name the MariaDB database ({@code [a-z0-9_]}, at most 64)
     * @param user the account ({@code [a-z0-9_]}, at most 32)
     */
    public record AppDatabase(String name, String user, SpecLocation where) {
        /** MariaDB's limit on account names (MySQL's too, so a dump loads anywhere). */
        public static final int MAX_USER = 32;
        public static final int MAX_NAME = 64;

        /** The database named after the app: {@code '-'} becomes {@code '_'} (no quoting needed anywhere). */
        public static String defaultName(String app) {
            return app.replace('-', '_');
        }

        /** {@code app_NAME}, NAME as {@link #defaultName}; may be longer than {@link #MAX_USER} (the reader refuses it). */
        public static String defaultUser(String app) {
            return "app_" + defaultName(app);
        }
    }

    /** A template in the app's repo ({@code template}) rendered to {@code dest} in the release (both relative). */
    public record AppConfig(String template, String dest, SpecLocation where) {
    }

    /**
     * A WordPress-style plugin, installed as {@code pluginsDir/slug} whatever its archive's top directory is called.
     * GIT: {@code ref} (branch or tag); SVN: {@code revision} (a number; empty: the URL's last change, a tag path
     * pins it); ZIP: {@code sha256} (mandatory, checked).
     */
    public record Plugin(String slug, Source source, String url, Optional<String> ref, Optional<Long> revision,
                         Optional<String> sha256, SpecLocation where) {
        public enum Source { GIT, SVN, ZIP }
    }

    /** {@code database:} — the MariaDB primary and its replicas. */
    public record Database(HostName primary, List<HostName> replicas, boolean tls) {
        public Database {
            replicas = List.copyOf(replicas);
        }
    }

    public record Health(boolean restart, boolean oomReboot) {
    }

    /**
     * {@code patching:} — when (cron, 5 fields, Jenkins' {@code H} allowed), how many hosts of a role at once
     * (a count or a share, {@code "50%"}; a role not named goes one host at a time), how long a patched host
     * must stay healthy before the next, and how long a run's lock holds before another run may break it;
     * how long a drained host's in-flight requests get to finish, and whether the database primary, moved
     * away to be patched, is switched back once it is healthy again.
     */
    public record Patching(String schedule, Map<String, String> concurrency, Duration settle, Duration lockTtl,
                           Duration drainTimeout, boolean switchBack) {
        public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(30);
        public static final Duration DEFAULT_LOCK_TTL = Duration.ofHours(2);
        public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(60);
        /** Without a {@code patching:} block: Sunday around 03:00 (Jenkins' H spreads the minute). */
        public static final String DEFAULT_SCHEDULE = "H 3 * * 0";

        public Patching {
            concurrency = Collections.unmodifiableMap(new LinkedHashMap<>(concurrency));
        }

        /** What a spec without a {@code patching:} block gets. */
        public static Patching defaults() {
            return new Patching(DEFAULT_SCHEDULE, Map.of(), DEFAULT_SETTLE, DEFAULT_LOCK_TTL, DEFAULT_DRAIN_TIMEOUT, true);
        }
    }

    /**
     * {@code backups:} — MariaDB physical backups (docs/backups.md): where they go ({@code target}), how many are
     * kept, when they run (cron, for {@code rolestack watch} and Jenkins) and whether each is restore-tested right
     * after it is taken; and {@code search}, the search cluster's snapshots, if any.
     */
    public record Backups(BackupTarget target, Retention retention, Optional<String> schedule, boolean verify,
                          Optional<SearchBackups> search) {
        public Backups {
            search = search == null ? Optional.empty() : search;
        }

        /** Where search snapshot records live, beside the backups: a dot directory, which the backup store does not list. */
        public Path searchRecordsDir() {
            return target.dir().resolve(".search-snapshots");
        }
    }

    /**
     * {@code backups.target:} a directory of the machine running rolestack ({@code host} empty), or a directory of a
     * spec host of the {@code backup} role, reached through the jump host like every host.
     */
    public record BackupTarget(Optional<HostName> host, Path dir) {
        public static final String ROLE = "backup";
        public static final Path DEFAULT_HOST_DIR = Path.of("/var/backups/rolestack");

        /** {@code /var/backups/x} or {@code backup1:/var/backups/rolestack}. */
        @Override
        public String toString() {
            return host.map(h -> h.shortName() + ":" + dir).orElseGet(dir::toString);
        }
    }

    /**
     * {@code backups.search:} — snapshots of an Elasticsearch/OpenSearch cluster into one of its repositories,
     * taken through a port forwarded by the jump host (docs/backups.md).
     *
     * @param host       the spec host whose private IP the jump host forwards to; or else
     * @param address    the address the jump host reaches the node at ({@code url:})
     * @param port       the node's HTTP port (9200 unless given)
     * @param repository the snapshot repository on the node
     * @param location   when given, the repository is registered there as a shared-filesystem one (under the
     *                   node's {@code path.repo}); when not, it must exist already (registered by whoever runs the node)
     * @param indices    index names or patterns to snapshot ({@code *}: every open index)
     * @param retention  valid snapshots kept (the newest valid one always)
     * @param verify     restore-test every snapshot right after it is taken
     * @param schedule   cron, for {@code rolestack watch} (job {@code backups.search}) and Jenkins
     * @param timeout    how long one snapshot may take
     */
    public record SearchBackups(Optional<HostName> host, Optional<String> address, int port, String repository,
                                Optional<String> location, List<String> indices, Retention retention, boolean verify,
                                Optional<String> schedule, Duration timeout) {
        public static final int DEFAULT_PORT = 9200;
        public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);

        public SearchBackups {
            indices = List.copyOf(indices);
            if (host.isPresent() == address.isPresent()) throw new IllegalArgumentException("host or address, exactly one");
        }

        /** How the node is named in messages: {@code elastic1:9200} or {@code 10.0.0.9:9200}. */
        public String node() {
            return host.map(HostName::shortName).orElseGet(address::get) + ":" + port;
        }
    }

    /**
     * How many valid backups stay ({@code keep}) and/or for how long ({@code maxAge}); the newest valid backup
     * always stays, whatever its age.
     */
    public record Retention(Optional<Integer> keep, Optional<Duration> maxAge) {
        public static final Retention DEFAULT = new Retention(Optional.of(7), Optional.empty());
    }

    /**
     * {@code ssh:} — how Rolestack logs in. {@code identity}/{@code knownHosts}
     * empty = the provider's own (local hosts) or ~/.ssh defaults.
     */
    public record Ssh(String user, Optional<Path> identity, Optional<Path> knownHosts, boolean trustOnFirstUse) {
    }
}
