package io.rolestack.mariadb.replication;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Pool;
import io.rolestack.core.ops.Directory;
import io.rolestack.core.ops.Operation;
import io.rolestack.core.ops.OperationRun;
import io.rolestack.core.ops.TemplateFile;
import io.rolestack.core.remote.FileMode;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.Status;
import io.rolestack.mariadb.config.ServerConfig;
import io.rolestack.mariadb.server.DbServer;
import io.rolestack.mariadb.server.ServerLayout;
import io.rolestack.mariadb.status.ReplicaLinkStatus;
import io.rolestack.mariadb.tls.CaStore;
import io.rolestack.mariadb.tls.IssuedCertificate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Brings a primary and its replicas to replication over TLS, idempotently:
 * certificates, option file, restart only where the file changed, the
 * replication account, seeding of empty replicas, and each replica's link.
 * Every step reads facts first and acts only where they differ.
 */
public final class ReplicationSetup {
    /** What the files this engine writes name as their owner in errors and results. */
    static final String ROLE = "mariadb";

    private final DbServer primary;
    private final List<DbServer> replicas;
    private final Pool pool;
    private final CaStore secrets;
    private final ReplicationAccount account;
    private final Progress progress;
    private final Duration connectTimeout;

    public ReplicationSetup(DbServer primary, List<DbServer> replicas, Pool pool, CaStore secrets, ReplicationAccount account,
                            Progress progress, Duration connectTimeout) {
        this.primary = primary;
        this.replicas = List.copyOf(replicas);
        this.pool = pool;
        this.secrets = secrets;
        this.account = account;
        this.progress = progress;
        this.connectTimeout = connectTimeout;
    }

    private List<DbServer> all() {
        List<DbServer> all = new ArrayList<>();
        all.add(primary);
        all.addAll(replicas);
        return all;
    }

    public List<Result> apply() {
        List<Result> results = new ArrayList<>();
        Set<DbServer> sslChanged = new HashSet<>();
        // Phase 1, every host: trust first (the CA bundle), so that during a CA
        // rotation no host presents a new leaf to a peer that does not trust it yet.
        String bundle = secrets.caBundlePem();
        for (DbServer s : all()) {
            ServerLayout l = s.layout();
            if (files(results, s, "ca bundle", new Directory(ROLE, l.sslDir(), new FileMode("root", l.owner(), 0750)),
                    text(l.caBundlePath(), bundle, FileMode.ROOT_644)).stream().anyMatch(Result::changed)) {
                sslChanged.add(s);
            }
        }
        // Phase 2: leaves.
        for (DbServer s : all()) {
            ServerLayout l = s.layout();
            FileMode pub = new FileMode(l.owner(), l.owner(), 0644);
            FileMode key = new FileMode(l.owner(), l.owner(), 0600);
            IssuedCertificate server = secrets.serverCertificate(s.name(), List.of(s.name(), s.host().shortName()), List.of(s.address()));
            IssuedCertificate client = secrets.clientCertificate(account.user());
            if (files(results, s, "certificates",
                    text(l.serverCertPath(), server.certificatePem(), pub),
                    secret(l.serverKeyPath(), server.privateKeyPem().value(), key),
                    text(l.clientCertPath(), client.certificatePem(), pub),
                    secret(l.clientKeyPath(), client.privateKeyPem().value(), key)).stream().anyMatch(Result::changed)) {
                sslChanged.add(s);
            }
        }
        if (results.stream().anyMatch(Result::failed)) return results;

        // Phase 3: option file; restart where it changed, reload TLS where only certificates did.
        for (DbServer s : all()) {
            boolean replica = s != primary;
            ServerConfig cfg = ServerConfig.of(s.host(), pool, s.layout(), replica);
            List<Result> config = files(results, s, "config", text(s.layout().configPath(), cfg.render(), FileMode.ROOT_644));
            if (config.stream().anyMatch(Result::failed)) return results;
            if (config.stream().anyMatch(Result::changed)) {
                step(results, s, "restart", () -> restart(s));
            } else if (sslChanged.contains(s)) {
                step(results, s, "reload tls", () -> {
                    s.sql().execute("FLUSH LOCAL SSL");
                    return Result.changed(s.name(), "reload tls", "FLUSH SSL: new certificates in use", "");
                });
            }
        }
        if (results.stream().anyMatch(Result::failed)) return results;
        for (DbServer s : all()) {
            step(results, s, "server checks", () -> checkServer(s, s != primary));
        }
        if (results.stream().anyMatch(Result::failed)) return results;

        // Phase 4: account on the primary, then each replica's link.
        if (step(results, primary, "replication user", () -> account.ensure(primary)).failed()) return results;
        for (DbServer r : replicas) {
            step(results, r, "replication link", () -> link(r, sslChanged.contains(r)));
        }
        return results;
    }

    private Result restart(DbServer s) {
        Instant start = Instant.now();
        progress.step(s.name(), "restarting MariaDB (option file changed)");
        ServerRestart.restartAndAwait(s, Duration.ofSeconds(60), "60s after restart");
        return Result.changed(s.name(), "restart mariadb", "restarted to apply " + s.layout().configPath(), "")
                .took(Duration.between(start, Instant.now()));
    }

    /** The server runs what the file says (binlog, TLS) and has the read-only flag of its role. */
    private Result checkServer(DbServer s, boolean replica) {
        Map<String, String> v = s.sql().variables("log_bin", "have_ssl", "read_only", "gtid_strict_mode");
        if (!"ON".equals(v.get("log_bin"))) {
            throw new ReplicationException(s.name() + ": log_bin is " + v.get("log_bin") + " although " + s.layout().configPath()
                    + " sets it: is that file read (conf.d include)?");
        }
        if (!"YES".equals(v.get("have_ssl"))) {
            throw new ReplicationException(s.name() + ": TLS is not active (have_ssl=" + v.get("have_ssl")
                    + "): check ssl_cert/ssl_key in " + s.layout().configPath() + " and the server's error log");
        }
        boolean ro = "ON".equals(v.get("read_only"));
        if (ro == replica) return Result.ok(s.name(), "read_only", "");
        s.sql().execute("SET GLOBAL read_only=" + (replica ? 1 : 0));
        return Result.changed(s.name(), "read_only", replica ? "replica made read-only" : "primary made writable",
                "-read_only=" + (ro ? "ON" : "OFF") + "\n+read_only=" + (replica ? "ON" : "OFF") + "\n");
    }

    private Result link(DbServer r, boolean certificatesChanged) {
        String op = "replication link";
        MasterLink want = MasterLink.to(primary, r, account.user());
        Optional<ReplicaLinkStatus> have = ReplicaLinkStatus.read(r.sql());
        String message;
        String diff = "";
        if (have.isEmpty()) {
            if (!ReplicaSeeding.isEmpty(r.sql())) {
                throw new ReplicationException(r.name() + ": has data but no replication link; refusing to overwrite it."
                        + " Empty it (or link it by hand) and run again");
            }
            return seedAndLink(r, want, "seeded", "");
        } else if (BinlogGap.is(have.get())) {
            return seedAndLink(r, want, "re-seeded", BinlogGap.describe(have.get()));
        } else if (!want.matches(have.get())) {
            ReplicaLinks.point(r, want, account.password());
            message = "re-linked";
            diff = "-" + have.get().masterHost() + ":" + have.get().masterPort() + " user " + have.get().masterUser()
                    + " ssl ca=" + have.get().sslCa() + " cert=" + have.get().sslCert() + " gtid=" + have.get().usingGtid()
                    + "\n+" + want.describe() + "\n";
        } else if (certificatesChanged) {
            // The IO thread reads the client certificate when it connects.
            r.sql().execute("STOP SLAVE IO_THREAD;\nSTART SLAVE IO_THREAD;\n");
            message = "reconnected with new certificates";
        } else if (!have.get().running()) {
            r.sql().execute("START SLAVE");
            message = "started";
        } else {
            return Result.ok(r.name(), op, "from " + primary.name() + " (" + want.host() + ":" + want.port() + ")");
        }
        progress.step(r.name(), message + "; waiting for the link");
        try {
            ReplicaLinks.awaitRunning(r, connectTimeout);
        } catch (ReplicationException e) {
            // A replica whose position the primary's binlogs no longer hold is only repaired by a new copy.
            Optional<ReplicaLinkStatus> now = ReplicaLinkStatus.read(r.sql());
            if (now.isEmpty() || !BinlogGap.is(now.get())) throw e;
            return seedAndLink(r, want, "re-seeded", BinlogGap.describe(now.get()));
        }
        return Result.changed(r.name(), op, message, diff);
    }

    /** Seeds {@code r} from a healthy server (ReplicaSeeding), points it at the primary and waits for the link. */
    private Result seedAndLink(DbServer r, MasterLink want, String verb, String why) {
        SeedSource source = SeedSource.choose(primary, replicas, r);
        progress.step(r.name(), (why.isEmpty() ? "" : why + ": ") + "seeding from " + source.server().name());
        ReplicaSeeding.Seeded seeded = ReplicaSeeding.seed(source, r, progress);
        String at = seeded.gtid().isEmpty() ? "(none)" : seeded.gtid();
        progress.step(r.name(), "seeded at GTID " + at + " (" + seeded.bytes() + " bytes in " + seeded.took().toSeconds() + " s); linking");
        ReplicaLinks.point(r, want, account.password());
        ReplicaLinks.awaitRunning(r, connectTimeout);
        return Result.changed(r.name(), "replication link", verb + " from " + seeded.source() + " at GTID " + at + ", linked"
                        + (why.isEmpty() ? "" : " (" + why + ")"), "+" + want.describe() + "\n");
    }

    /** A file the engine owns, through the shared file operation (core.ops, as the roles' files) (shown in diffs). */
    public static TemplateFile text(String path, String content, FileMode mode) {
        return new TemplateFile(ROLE, path, content, mode, List.of(), false);
    }

    /** A private key: compared by digest, never in a diff, a result or a log. */
    static TemplateFile secret(String path, String content, FileMode mode) {
        return new TemplateFile(ROLE, path, content, mode, List.of(), true);
    }

    /**
     * Applies file operations to one server in one fact round trip; a session that fails
     * becomes one failed result named {@code what}.
     */
    public static List<Result> apply(DbServer s, String what, Operation... ops) {
        try {
            return OperationRun.apply(s.remote(), s.name(), List.of(ops));
        } catch (RuntimeException e) {
            return List.of(Result.failed(s.name(), what, e.getMessage()));
        }
    }

    /** {@link #apply} whose results join {@code results}, changes and failures reported as progress. */
    private List<Result> files(List<Result> results, DbServer s, String what, Operation... ops) {
        List<Result> rs = apply(s, what, ops);
        for (Result r : rs) {
            results.add(r);
            if (r.status() != Status.OK) progress.result(r);
        }
        return rs;
    }

    private Result step(List<Result> results, DbServer s, String what, Supplier<Result> step) {
        Instant start = Instant.now();
        Result r;
        try {
            r = step.get();
        } catch (RuntimeException e) {
            r = Result.failed(s.name(), what, e.getMessage());
        }
        if (r.duration().isZero()) r = r.took(Duration.between(start, Instant.now()));
        // Sessions may name the host short (SshRemote): results always carry the FQDN.
        if (!r.host().equals(s.name())) r = new Result(s.name(), r.operation(), r.status(), r.message(), r.diff(), r.duration());
        results.add(r);
        if (r.status() != Status.OK || !r.message().isEmpty()) progress.result(r);
        return r;
    }
}
