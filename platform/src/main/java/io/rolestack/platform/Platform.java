package io.rolestack.platform;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.health.HealthReport;
import io.rolestack.mariadb.MariaDbCluster;
import io.rolestack.mariadb.status.ClusterStatus;
import io.rolestack.mariadb.switchover.SwitchoverResult;
import io.rolestack.platform.backup.BackupReport;
import io.rolestack.platform.backup.BackupRun;
import io.rolestack.platform.backup.SearchBackupReport;
import io.rolestack.platform.backup.SearchBackupRun;
import io.rolestack.platform.db.ClusterSessions;
import io.rolestack.platform.app.AppReleases;
import io.rolestack.platform.app.AppReport;
import io.rolestack.platform.app.AppRequest;
import io.rolestack.platform.app.AppRun;
import io.rolestack.platform.app.AppSetup;
import io.rolestack.platform.db.SwitchoverRequest;
import io.rolestack.platform.deploy.DeployOutcome;
import io.rolestack.platform.deploy.Deployment;
import io.rolestack.platform.exec.ExecOutcome;
import io.rolestack.platform.exec.ExecRequest;
import io.rolestack.platform.exec.RemoteExec;
import io.rolestack.platform.heal.HealProbes;
import io.rolestack.platform.heal.HealReport;
import io.rolestack.platform.heal.HealRequest;
import io.rolestack.platform.heal.HealRun;
import io.rolestack.platform.heal.SshHealProbes;
import io.rolestack.platform.health.HealthRequest;
import io.rolestack.platform.health.HealthRun;
import io.rolestack.platform.patch.PatchRequest;
import io.rolestack.platform.patch.PatchRun;
import io.rolestack.patch.PatchReport;
import io.rolestack.platform.provider.Providers;
import io.rolestack.platform.vm.VmSelection;
import io.rolestack.platform.watch.WatchJobs;
import io.rolestack.platform.watch.WatchRequest;
import io.rolestack.platform.watch.Watcher;
import io.rolestack.role.plan.Limit;
import io.rolestack.vm.VmProvider;
import io.rolestack.vm.VmRequest;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A platform, as its spec describes it, and the operations on it: what the CLI
 * commands and the Jenkins Pipeline steps call, so that both do exactly the same.
 *
 * <pre>Platform p = Platform.open(SpecLoader.load(spec), PlatformOptions.defaults().withProgress(log));
 * DeployOutcome o = p.apply();
 * if (o.summary().anyFailed()) ...</pre>
 *
 * Every request is checked before any host is reached ({@link InvalidRequestException});
 * failures on hosts come back as failed {@link Result}s, one host's failure stopping no other.
 */
public final class Platform {
    private final PlatformContext context;

    private Platform(PlatformContext context) {
        this.context = context;
    }

    public static Platform open(PlatformSpec spec, PlatformOptions options) {
        Platform p = new Platform(new PlatformContext(spec, options));
        p.requireLimitMatches();
        return p;
    }

    /** Loads the spec (errors at FILE:LINE:COLUMN) and opens it. */
    public static Platform open(Path spec, PlatformOptions options) {
        return open(SpecLoader.load(spec), options);
    }

    public PlatformSpec spec() {
        return context.spec();
    }

    public PlatformOptions options() {
        return context.options();
    }

    /** Per host, what {@link #apply()} would do, with diffs; changes nothing and creates no host. */
    public DeployOutcome plan() {
        return new Deployment(context).run(false);
    }

    /** Creates missing hosts, installs every selected host's roles, then sets up MariaDB replication. */
    public DeployOutcome apply() {
        return new Deployment(context).run(true);
    }

    /** Creates the selected hosts that do not exist (the jump host always, as the others are reached through it). */
    public RunSummary createVms(VmSelection selection) {
        List<HostName> chosen = select(selection);
        List<VmRequest> requests = Providers.requests(context.spec(), h -> context.catalog().explain(h).ports()).stream()
                .filter(r -> chosen.contains(r.name()) || r.jump()).toList();
        try (VmProvider p = context.openProvider()) {
            return new RunSummary(p.create(requests, context.options().progress()));
        }
    }

    /** The environment's hosts as the provider has them. */
    public Inventory listVms() {
        try (VmProvider p = context.openProvider()) {
            return p.list(context.spec().environment());
        }
    }

    /** Deletes the named hosts; absent ones are ok. A deletion needs names: {@link VmSelection#all()} is refused. */
    public RunSummary deleteVms(VmSelection selection) {
        return perVm(requireNames(selection, "delete"), (p, h) -> p.delete(h, context.options().progress()));
    }

    /** Hard-reboots the named hosts (what an OOM or unreachable host gets). */
    public RunSummary rebootVms(VmSelection selection) {
        return perVm(requireNames(selection, "reboot"), (p, h) -> p.hardReboot(h, context.options().progress()));
    }

    /** Sets up (or repairs) MariaDB replication over TLS; changes only what differs. */
    public RunSummary replicate() {
        return onCluster(MariaDbCluster::replicate);
    }

    /** Per server: role, threads, lag, GTID, errors, whether each link is encrypted. */
    public ClusterStatus databaseStatus() {
        return onCluster(MariaDbCluster::status);
    }

    /** Safe switchover; configs naming the DB host are re-rendered before writes resume. */
    public SwitchoverResult switchover(SwitchoverRequest request) {
        new ClusterSessions(context).database();
        HostName to = context.spec().host(request.to()).orElseThrow(() -> new InvalidRequestException(
                "switchover --to '" + request.to() + "' is not a host of " + context.spec().source()));
        return onCluster(cluster -> cluster.switchover(to, request.timeout()));
    }

    /** The spec's cluster over one SSH session (a spec without database: is refused before any host is reached). */
    private <T> T onCluster(Function<MariaDbCluster, T> operation) {
        ClusterSessions clusters = new ClusterSessions(context);
        clusters.database();
        try (VmProvider provider = context.openProvider(); PlatformAccess access = context.openAccess(provider)) {
            return operation.apply(clusters.cluster(access, access.inventory()));
        }
    }

    /** Runs an ad-hoc command on the selected hosts ({@link PlatformOptions#limit()}) in parallel. */
    public ExecOutcome exec(ExecRequest request) {
        try (VmProvider provider = context.openProvider(); PlatformAccess access = context.openAccess(provider)) {
            List<Host> hosts = access.inventory().hosts().stream()
                    .filter(h -> context.selected(h.name()))
                    .toList();
            if (hosts.isEmpty()) {
                throw new InvalidRequestException("--limit " + String.join(",", context.options().limit().names())
                        + " matches no running host of " + context.spec().source());
            }
            return new RemoteExec(access, context.options().parallelism(), context.options().progress()).run(hosts, request);
        }
    }

    /**
     * Checks the selected hosts as their roles declare (ports, processes, HTTP, disk, memory, clock,
     * replication...), every check of a host in one round trip, all hosts at once; an unreachable host
     * fails alone. Changes nothing but what {@link HealthRequest#repair()} allows: re-arming services Monit gave
     * up on (unless report-only) and, when asked, restarting failed services once, then checking again.
     */
    public HealthReport health(HealthRequest request) {
        return new HealthRun(context).run(request);
    }

    /**
     * Hard-reboots, through the provider, the selected hosts that are dead: SSH from this machine and a TCP probe
     * of port 22 from the jump host both failing {@link HealRequest#attempts()} times in a row. Never when the jump
     * host is unreachable; at most {@link HealRequest#maxReboots()} hosts per run, a host at most once per
     * {@link HealRequest#minInterval()}; each rebooted host is waited for (ACTIVE, then SSH) and checked again.
     */
    public HealReport heal(HealRequest request) {
        return heal(request, (provider, timeout) -> new SshHealProbes(context.openAccess(provider), timeout));
    }

    /** {@link #heal(HealRequest)} with other probes (a simulated cloud's hosts are not SSH servers). */
    public HealReport heal(HealRequest request, HealProbes.Opener probes) {
        return new HealRun(context, probes).run(request);
    }

    /**
     * Applies every selected host's updates, rolling: roles in spec order (database, then the jump host last),
     * {@code patching.concurrency} hosts of a role at once, each host's health checks passing before the next
     * wave; the first unhealthy host stops the roll. One run per environment (a lock on the jump host).
     * A dry run lists each host's upgradable packages and changes nothing.
     */
    public PatchReport patch(PatchRequest request) {
        return new PatchRun(context).run(request);
    }

    /**
     * A watcher over the spec's schedules ({@code patching.schedule}, {@code backups.schedule},
     * {@code backups.search.schedule}) and its apps with
     * {@code poll:}, not yet started: the caller runs it ({@link Watcher#run(boolean)}) and may stop it from another
     * thread. Refused when the spec schedules nothing and polls no app. Each patch run is
     * {@link #patch(PatchRequest)} with {@code request.patch()} over this platform's hosts; each deploy of a moved
     * app is {@link #appDeploy(AppRequest)} of that app alone.
     */
    public Watcher watcher(WatchRequest request) {
        Path state = request.stateDir().orElseGet(() -> WatchJobs.defaultStateDir(context)).resolve(WatchJobs.STATE_FILE);
        return new Watcher(WatchJobs.of(context.spec(), request.clock().getZone(), () -> patch(request.patch()),
                        this::backupDb, () -> pruneBackups(false), this::backupSearch, () -> pruneSearchSnapshots(false)),
                WatchJobs.apps(context.spec(), io.rolestack.platform.watch.AppWatch.RemoteRefs.git(),
                        app -> appDeploy(AppRequest.of(app).withHealthTimeout(request.appHealthTimeout())).apps().get(0)),
                state, request.clock(), request.sleeper(), request.listener(), request.maxSleep());
    }

    /**
     * A physical MariaDB backup (mariadb-backup, streamed and compressed) from a healthy replica (the primary only
     * when it is the only server) into {@code backups.target.dir}, then its restore test unless
     * {@code backups.verify: false}. docs/backups.md.
     */
    public BackupReport backupDb() {
        return new BackupRun(context, Clock.systemUTC()).db();
    }

    /** The restore test of a backup (the newest when {@code id} is empty); only a pass makes it valid. */
    public BackupReport verifyBackup(Optional<String> id) {
        return new BackupRun(context, Clock.systemUTC()).verify(id);
    }

    /** The backups in {@code backups.target.dir}, oldest first; reaches no host. */
    public BackupReport listBackups() {
        return new BackupRun(context, Clock.systemUTC()).list();
    }

    /** Applies {@code backups.retention} (never fewer than one valid backup); reaches no host. */
    public BackupReport pruneBackups(boolean dryRun) {
        return new BackupRun(context, Clock.systemUTC()).prune(dryRun);
    }

    /**
     * A snapshot of the search cluster of {@code backups.search} (Elasticsearch/OpenSearch) into its repository,
     * through a port forwarded by the jump host, then its restore test unless {@code backups.search.verify: false}.
     * docs/backups.md
     */
    public SearchBackupReport backupSearch() {
        return new SearchBackupRun(context, Clock.systemUTC()).snapshot();
    }

    /** The restore test of a search snapshot (the newest rolestack snapshot when {@code snapshot} is empty). */
    public SearchBackupReport verifySearchSnapshot(Optional<String> snapshot) {
        return new SearchBackupRun(context, Clock.systemUTC()).verify(snapshot);
    }

    /** The snapshots of {@code backups.search.repository}, oldest first; reaches the node through the jump host. */
    public SearchBackupReport listSearchSnapshots() {
        return new SearchBackupRun(context, Clock.systemUTC()).list();
    }

    /** Applies {@code backups.search.retention} (never fewer than one valid snapshot); reaches the node. */
    public SearchBackupReport pruneSearchSnapshots(boolean dryRun) {
        return new SearchBackupRun(context, Clock.systemUTC()).prune(dryRun);
    }

    /**
     * Deploys the request's app (or every app of the spec): all inputs fetched and checked first (a bad one touches
     * no host), built once here into a release named by its inputs, shipped to the app's pool and the frontends,
     * switched to, checked through the frontends; a failed check rolls back and marks the release BAD. Unchanged
     * inputs change nothing. docs/apps.md
     */
    public AppReport appDeploy(AppRequest request) {
        return new AppRun(context).deploy(request);
    }

    /** Switches the app back to its previous good release (or {@link AppRequest#to()}); the one left is marked BAD. */
    public AppReport appRollback(AppRequest request) {
        return new AppRun(context).rollback(request);
    }

    /**
     * Runs each selected app's one-time setup ({@code rolestack-setup} in its current release, e.g. WordPress's
     * install) on the first host of its pool, with its admin password from the secret store on stdin (made on first
     * use). docs/apps.md, "Setup"
     */
    public List<AppSetup.Outcome> appSetup(AppRequest request) {
        return new AppSetup(context).setup(request);
    }

    /** Each app's releases on each of its hosts: current, when each was made current, BAD ones and why. */
    public List<AppReleases> appReleases(AppRequest request) {
        return new AppRun(context).releases(request);
    }

    /**
     * SSH access to the hosts, for callers that work on them directly (the demo's
     * report, tests). The caller closes it, then the returned provider.
     */
    public Access access() {
        VmProvider provider = context.openProvider();
        try {
            return new Access(provider, context.openAccess(provider));
        } catch (RuntimeException e) {
            provider.close();
            throw e;
        }
    }

    /** An open provider and SSH access to its hosts; closing it closes both. */
    public record Access(VmProvider provider, PlatformAccess hosts) implements AutoCloseable {
        @Override
        public void close() {
            try {
                hosts.close();
            } finally {
                provider.close();
            }
        }
    }

    private void requireLimitMatches() {
        Limit limit = context.options().limit();
        if (context.selectedHosts().isEmpty()) {
            // Checked before the provider runs: a typo in --limit creates no host and touches none.
            throw new InvalidRequestException("--limit " + String.join(",", limit.names()) + " matches no host of "
                    + context.spec().source() + " (hosts: " + context.spec().allHosts().stream().map(HostName::shortName).toList() + ")");
        }
    }

    private List<HostName> select(VmSelection selection) {
        if (selection.isAll()) return context.spec().allHosts();
        List<HostName> out = new ArrayList<>();
        for (String n : selection.names()) {
            out.add(context.spec().host(n).orElseThrow(() -> new InvalidRequestException(
                    "'" + n + "' is not a host of " + context.spec().source())));
        }
        return out;
    }

    private List<HostName> requireNames(VmSelection selection, String what) {
        if (selection.isAll()) throw new InvalidRequestException("vm " + what + ": name the hosts (none given)");
        return select(selection);
    }

    private RunSummary perVm(List<HostName> hosts, BiFunction<VmProvider, HostName, Result> action) {
        try (VmProvider p = context.openProvider()) {
            return new RunSummary(hosts.stream().map(h -> action.apply(p, h)).toList());
        }
    }
}
