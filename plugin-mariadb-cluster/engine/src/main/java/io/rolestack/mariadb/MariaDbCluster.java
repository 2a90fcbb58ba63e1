package io.rolestack.mariadb;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.inventory.Pool;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.FileMode;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;
import io.rolestack.core.result.Status;
import io.rolestack.mariadb.clients.AppAccount;
import io.rolestack.mariadb.clients.ClientFiles;
import io.rolestack.mariadb.config.ServerConfig;
import io.rolestack.mariadb.replication.ReplicationAccount;
import io.rolestack.mariadb.replication.ReplicationException;
import io.rolestack.mariadb.replication.ReplicationSetup;
import io.rolestack.mariadb.server.DbServer;
import io.rolestack.mariadb.server.ServerLayout;
import io.rolestack.mariadb.status.ClusterStatus;
import io.rolestack.mariadb.status.ReplicaLinkStatus;
import io.rolestack.mariadb.switchover.PrimaryChangeHook;
import io.rolestack.mariadb.switchover.Switchover;
import io.rolestack.mariadb.switchover.SwitchoverResult;
import io.rolestack.mariadb.tls.CaStore;
import io.rolestack.core.secrets.Secret;
import io.rolestack.mariadb.tls.TrustCheck;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.Shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The MariaDB cluster of one environment: the {@code db} pool of the
 * inventory, primary/replicas replicating over TLS. Entry points for the CLI
 * ({@code rolestack db replicate|status|switchover}) and the Jenkins steps.
 *
 * <p>Which server is primary is read from the servers (the one the replicas
 * replicate from), not from names; only a cluster with no replication yet
 * takes its primary from the inventory ({@code masterdb…}). So after a
 * switchover, {@link #replicate()} keeps the new primary.
 *
 * <p>Sessions come from the caller ({@code remotes}) and stay open; the
 * caller closes them.
 */
public final class MariaDbCluster {
    public static final String POOL = "db";

    private final Pool pool;
    private final Function<Host, Remote> remotes;
    private final Function<Host, ServerLayout> layouts;
    private final CaStore secrets;
    private final Progress progress;
    private final Map<String, DbServer> servers = new LinkedHashMap<>();
    private PrimaryChangeHook hook = PrimaryChangeHook.NONE;
    private String replicationUser = ReplicationAccount.DEFAULT_USER;
    private Duration connectTimeout = Duration.ofSeconds(30);

    /**
     * @param inventory hosts; the {@code db} pool must have a primary ({@code masterdb…})
     * @param remotes   the session for a host (SshRemote through the jump box, or LocalRemote)
     * @param layouts   where MariaDB keeps things on a host ({@link ServerLayout#debian()} on real hosts)
     * @param secrets   CA and replication password store ({@link CaStore#defaultDir})
     * @param progress  step-by-step reporting
     */
    public MariaDbCluster(Inventory inventory, Function<Host, Remote> remotes, Function<Host, ServerLayout> layouts,
                          CaStore secrets, Progress progress) {
        this(inventory.pool(POOL), remotes, layouts, secrets, progress);
    }

    /** Debian-packaged MariaDB on every host. */
    public MariaDbCluster(Inventory inventory, Function<Host, Remote> remotes, CaStore secrets, Progress progress) {
        this(inventory, remotes, h -> ServerLayout.debian(), secrets, progress);
    }

    private MariaDbCluster(Pool pool, Function<Host, Remote> remotes, Function<Host, ServerLayout> layouts,
                           CaStore secrets, Progress progress) {
        if (pool.isEmpty()) throw new IllegalArgumentException("no '" + POOL + "' hosts in the inventory (hosts like masterdb1, db2)");
        if (pool.primary().isEmpty()) {
            throw new IllegalArgumentException("pool '" + POOL + "' " + pool.names() + " has no primary: name one host masterdb<N>");
        }
        this.pool = pool;
        this.remotes = Objects.requireNonNull(remotes, "remotes");
        this.layouts = Objects.requireNonNull(layouts, "layouts");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.progress = progress == null ? Progress.NONE : progress;
    }

    /**
     * The cluster a spec's {@code database: {primary, replicas}} names, when it
     * is not simply the {@code db} pool: {@code primary} is the primary of a
     * cluster without replication yet.
     */
    public static MariaDbCluster of(Inventory inventory, HostName primary, List<HostName> replicas,
                                    Function<Host, Remote> remotes, Function<Host, ServerLayout> layouts,
                                    CaStore secrets, Progress progress) {
        List<Host> members = new ArrayList<>();
        Host p = inventory.host(primary).orElseThrow(() -> new IllegalArgumentException("database primary " + primary + " is not in the inventory"));
        members.add(new Host(markedPrimary(p.name()), p.privateIp(), p.publicIp(), p.providerId()));
        for (HostName r : replicas) {
            if (r.equals(primary)) throw new IllegalArgumentException("database host " + r + " is both primary and replica");
            Host h = inventory.host(r).orElseThrow(() -> new IllegalArgumentException("database replica " + r + " is not in the inventory"));
            members.add(new Host(unmarked(h.name()), h.privateIp(), h.publicIp(), h.providerId()));
        }
        return new MariaDbCluster(new Pool(POOL, p.name().environment(), members), remotes, layouts, secrets, progress);
    }

    private static HostName markedPrimary(HostName n) {
        return new HostName(n.shortName(), n.role(), n.qualifiers(), n.index(), true, n.environment(), n.domain());
    }

    private static HostName unmarked(HostName n) {
        return new HostName(n.shortName(), n.role(), n.qualifiers(), n.index(), false, n.environment(), n.domain());
    }

    /** What to run when the primary moves (re-render app configs naming the DB host). */
    public MariaDbCluster onPrimaryChange(PrimaryChangeHook hook) {
        this.hook = Objects.requireNonNull(hook);
        return this;
    }

    public MariaDbCluster replicationUser(String user) {
        this.replicationUser = user;
        return this;
    }

    /** How long a replica may take to connect before its error is reported. */
    public MariaDbCluster connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    /**
     * Sets up (or repairs) replication over TLS; changes only what differs.
     * First, before anything is written to any host, {@link #requireTrust()}:
     * a store whose CA the hosts do not trust (or an empty one while they
     * trust a CA) is refused with {@link io.rolestack.mariadb.tls.CaTrustException}.
     */
    public RunSummary replicate() {
        List<DbServer> all = servers();
        DbServer primary;
        try {
            primary = primary(all);
        } catch (RuntimeException e) {
            return new RunSummary(List.of(Result.failed(pool.primary().orElseThrow().fqdn(), "find primary", e.getMessage())));
        }
        requireTrust();
        progress.step(primary.name(), "primary of " + POOL + " (" + all.size() + " servers)");
        List<DbServer> replicas = all.stream().filter(s -> s != primary).toList();
        return new RunSummary(new ReplicationSetup(primary, replicas, pool, secrets, account(), progress, connectTimeout).apply());
    }

    public ClusterStatus status() {
        return ClusterStatus.read(servers());
    }

    /** {@link #switchover(HostName, Duration)} for a name as typed: short ({@code db2}) or FQDN. */
    public SwitchoverResult switchover(String to, Duration timeout) {
        Host target = pool.hosts().stream().filter(h -> h.fqdn().equals(to) || h.shortName().equals(to)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("switchover target " + to + " is not in pool '" + POOL + "' " + pool.names()));
        return switchover(target.name(), timeout);
    }

    /** Makes {@code to} the primary; see {@link Switchover} for the steps and the rollback. */
    public SwitchoverResult switchover(HostName to, Duration timeout) {
        List<DbServer> all = servers();
        DbServer target = all.stream().filter(s -> s.name().equals(to.fqdn())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("switchover target " + to + " is not in pool '" + POOL + "' " + pool.names()));
        DbServer old = primary(all);
        List<DbServer> others = all.stream().filter(s -> s != old && s != target).toList();
        SwitchoverResult r = new Switchover(old, target, others, account(), hook, progress).run(timeout);
        if (r.primary().equals(target.name()) && !r.rolledBack()) {
            // The option files follow the new roles (read_only), for the next restart; no restart now.
            List<Result> steps = new ArrayList<>(r.steps());
            for (DbServer s : all) {
                ServerConfig cfg = ServerConfig.of(s.host(), pool, s.layout(), s != target);
                steps.addAll(ReplicationSetup.apply(s, "config",
                        ReplicationSetup.text(s.layout().configPath(), cfg.render(), FileMode.ROOT_644)));
            }
            r = new SwitchoverResult(r.from(), r.to(), r.status(), r.primary(), r.rolledBack(), r.message(), r.gtidPosition(),
                    r.writesBlocked(), r.took(), steps);
        }
        return r;
    }

    /**
     * Starts a CA rotation: a new CA is added to every host's bundle before any
     * certificate from it is used, then every server and client certificate is
     * replaced; replication keeps running. Finish with {@link #finishCaRotation()}.
     */
    public RunSummary rotateCa() {
        requireTrust();
        secrets.rotateCa();
        return replicate();
    }

    /** Drops the old CA from every host's bundle (after {@link #rotateCa()} succeeded everywhere). */
    public RunSummary finishCaRotation() {
        requireTrust();
        secrets.retireOldCas();
        return replicate();
    }

    /**
     * The app tier's way to the database, against the current primary (by facts): the
     * {@link AppAccount} ({@code rolestack_app} on database {@code app}, one account per app host
     * address, {@code REQUIRE SSL}; accounts of addresses no longer given are dropped), then
     * {@link ClientFiles#standard()} on every app host ({@code /etc/rolestack/db-app.ini},
     * {@code /etc/rolestack/db-ca.pem}) naming that primary. Changes only what differs; call it
     * again after a switchover (or use {@link #appClientFiles} from the {@link PrimaryChangeHook}).
     * The app role must be on the app hosts first (group {@code www-data}).
     *
     * @param appHosts the app pool (their private IPs are the accounts' hosts)
     * @param password the account's password (from the secret store; never logged)
     */
    public RunSummary appClients(List<Host> appHosts, Secret password) {
        return appClients(appHosts, AppAccount.of(password), ClientFiles.standard());
    }

    public RunSummary appClients(List<Host> appHosts, AppAccount account, ClientFiles files) {
        DbServer primary;
        try {
            primary = primary();
        } catch (RuntimeException e) {
            return new RunSummary(List.of(Result.failed(pool.primary().orElseThrow().fqdn(), "find primary", e.getMessage())));
        }
        progress.step(primary.name(), "app db account " + account.user() + " for " + appHosts.size() + " app hosts");
        Result acc;
        try {
            acc = account.ensure(primary, appHosts.stream().map(Host::privateIp).toList());
        } catch (RuntimeException e) {
            acc = Result.failed(primary.name(), "app db account", e.getMessage());
        }
        if (acc.status() != Status.OK) progress.result(acc);
        List<Result> results = new ArrayList<>();
        results.add(acc);
        if (!acc.failed()) results.addAll(appClientFiles(appHosts, primary.host(), account, files));
        return new RunSummary(results);
    }

    /**
     * Only the client files, pointing every app host at {@code primary} (a member of the pool):
     * what a {@link PrimaryChangeHook} calls with the new primary, before it takes writes
     * (the account is already there: it came by replication).
     */
    public List<Result> appClientFiles(List<Host> appHosts, Host primary, AppAccount account, ClientFiles files) {
        DbServer target = servers().stream().filter(s -> s.name().equals(primary.fqdn())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("database primary " + primary.fqdn() + " is not in pool '" + POOL + "' " + pool.names()));
        String bundle = secrets.caBundlePem();
        List<Result> results = new ArrayList<>();
        for (Host app : appHosts) {
            List<Result> rs;
            try {
                rs = files.write(remotes.apply(app), app.fqdn(), target.host(), target.layout().port(), account, bundle);
            } catch (RuntimeException e) {
                rs = List.of(Result.failed(app.fqdn(), "db client files", e.getMessage()));
            }
            for (Result r : rs) {
                results.add(r);
                if (r.status() != Status.OK) progress.result(r);
            }
        }
        return results;
    }

    /**
     * Reads (never writes) the CA bundle every DB host trusts ({@link ServerLayout#caBundlePath()})
     * and compares it with the store's CAs; see {@link TrustCheck} for the verdicts.
     * A host whose bundle cannot be read fails the check: the store is not trusted blindly.
     */
    public TrustCheck checkTrust() {
        Map<String, List<java.security.cert.X509Certificate>> trusted = new LinkedHashMap<>();
        Map<String, String> paths = new LinkedHashMap<>();
        for (DbServer s : servers()) {
            String path = s.layout().caBundlePath();
            paths.put(s.name(), path);
            Command read = Command.sudo("[ ! -e " + Shell.quote(path) + " ] || cat " + Shell.quote(path)).withTimeout(Duration.ofMinutes(1));
            ExecResult r;
            try {
                r = s.remote().exec(read);
            } catch (RuntimeException e) {
                throw new ReplicationException(s.name() + ": cannot read the CA bundle it trusts (" + path + "): " + e.getMessage()
                        + "; refusing to go on without knowing which CA the hosts trust", e);
            }
            if (!r.ok()) {
                throw new ReplicationException(s.name() + ": cannot read the CA bundle it trusts (" + path + "), exit " + r.exitCode()
                        + ": " + r.stderr().strip() + "; refusing to go on without knowing which CA the hosts trust");
            }
            trusted.put(s.name(), r.stdout().isBlank() ? List.of() : TrustCheck.certificates(r.stdout(), s.name() + ":" + path));
        }
        return TrustCheck.of(secrets, trusted, paths);
    }

    /**
     * {@link #checkTrust()}, refusing with {@link io.rolestack.mariadb.tls.CaTrustException} (nothing written
     * anywhere) unless the store's CA is the hosts'; on a first run (empty store, no host trusts a CA)
     * the CA is created here, once, under the store's lock.
     */
    public TrustCheck requireTrust() {
        TrustCheck check = checkTrust().orThrow();
        if (check.verdict() == TrustCheck.Verdict.FIRST_RUN) {
            secrets.createCaIfAbsent();
            progress.step(pool.primary().orElseThrow().fqdn(), "new CA for " + pool.environment() + " in " + secrets.describe()
                    + ": " + TrustCheck.fingerprint(secrets.ca().certificate()));
        } else if (!check.hostsTrustingOtherCas().isEmpty()) {
            progress.step(pool.primary().orElseThrow().fqdn(), "hosts trusting another CA, repaired from " + secrets.describe()
                    + ": " + check.hostsTrustingOtherCas());
        }
        return check;
    }

    /** The primary by facts: the server the replicas replicate from; on a cluster without links, the inventory's. */
    public DbServer primary() {
        return primary(servers());
    }

    private DbServer primary(List<DbServer> all) {
        Map<DbServer, Integer> votes = new LinkedHashMap<>();
        Map<DbServer, Boolean> linked = new LinkedHashMap<>();
        for (DbServer s : all) {
            Optional<ReplicaLinkStatus> link;
            try {
                link = ReplicaLinkStatus.read(s.sql());
            } catch (RuntimeException e) {
                throw new ReplicationException(s.name() + ": cannot read replication state: " + e.getMessage(), e);
            }
            linked.put(s, link.isPresent());
            link.flatMap(l -> all.stream().filter(t -> t.address().equals(l.masterHost()) && t.layout().port() == l.masterPort()).findFirst())
                    .ifPresent(t -> votes.merge(t, 1, Integer::sum));
        }
        if (votes.isEmpty()) {
            String name = pool.primary().orElseThrow().fqdn();
            return all.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        }
        DbServer best = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        if (votes.size() > 1 || linked.get(best)) {
            throw new ReplicationException("no single primary: replicas replicate from " + votes.keySet()
                    + (linked.get(best) ? " and " + best.name() + " itself replicates" : "") + "; fix the links by hand first");
        }
        return best;
    }

    public List<DbServer> servers() {
        if (servers.isEmpty()) {
            for (Host h : pool.hosts()) servers.put(h.fqdn(), new DbServer(h, remotes.apply(h), layouts.apply(h)));
        }
        return List.copyOf(servers.values());
    }

    private ReplicationAccount account() {
        return new ReplicationAccount(replicationUser, secrets.replicationPassword());
    }
}
