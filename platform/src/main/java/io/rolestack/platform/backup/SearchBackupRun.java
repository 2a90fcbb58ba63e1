package io.rolestack.platform.backup;

import io.rolestack.backup.search.RecordStore;
import io.rolestack.backup.search.SearchHttp;
import io.rolestack.backup.search.SearchSnapshots;
import io.rolestack.backup.search.SnapshotRetention;
import io.rolestack.backup.search.SnapshotVerification;
import io.rolestack.backup.search.StoredSnapshot;
import io.rolestack.core.files.PrivateFiles;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.core.remote.SshTunnel;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.platform.InvalidRequestException;
import io.rolestack.platform.PlatformContext;
import io.rolestack.vm.VmProvider;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The search snapshot operations of {@code backups.search} (docs/backups.md): each opens the platform's SSH access,
 * forwards a port of 127.0.0.1 through the jump host to the node (its private IP, or the address the spec gives),
 * runs the snapshot engine ({@link SearchSnapshots}) against that port, and closes the tunnel. Every operation
 * reaches the node: the node keeps the snapshots, this machine only their records (restore tests, counts).
 * Bad input (no {@code backups.search}) is refused before any host is reached; a failure on the way or on the node
 * is a report that is not ok.
 */
public final class SearchBackupRun {
    private final PlatformContext context;
    private final Clock clock;

    public SearchBackupRun(PlatformContext context, Clock clock) {
        this.context = context;
        this.clock = clock;
    }

    private PlatformSpec.Backups backups() {
        return context.spec().backups().filter(b -> b.search().isPresent())
                .orElseThrow(() -> new InvalidRequestException(context.spec().source()
                        + ": no backups.search section (backups: {target: {dir: PATH}, search: {host: HOST, repository: NAME}}, docs/backups.md)"));
    }

    private PlatformSpec.SearchBackups settings() {
        return backups().search().orElseThrow();
    }

    /** A dated snapshot of {@code indices}, restore-tested unless {@code verify} is false; registers the repository first when {@code location} is given. */
    public SearchBackupReport snapshot() {
        PlatformSpec.SearchBackups s = settings();
        return onNode("snapshot", snapshots -> {
            s.location().ifPresent(snapshots::registerFsRepository);
            StoredSnapshot taken = snapshots.snapshot(s.indices());
            if (!s.verify()) {
                return report("snapshot", true, "snapshot " + taken.name() + " " + taken.info().state()
                        + ": not restore-tested (backups.search.verify: false)", List.of(taken));
            }
            return restoreTested("snapshot", snapshots, taken.name());
        });
    }

    /** The restore test of one snapshot (the newest rolestack snapshot when {@code snapshot} is empty). */
    public SearchBackupReport verify(Optional<String> snapshot) {
        settings();
        snapshot.filter(n -> !n.matches("[a-z0-9][a-z0-9._-]{0,199}")).ifPresent(n -> {
            throw new InvalidRequestException("snapshot '" + n + "': not a snapshot name (lower case letters, digits, . _ -)");
        });
        return onNode("verify", snapshots -> {
            String name = snapshot.orElseGet(() -> snapshots.list().stream().filter(StoredSnapshot::managed)
                    .reduce((a, b) -> b).map(StoredSnapshot::name)
                    .orElseThrow(() -> new InvalidRequestException("no rolestack snapshot in repository "
                            + settings().repository() + " on " + settings().node() + " to verify")));
            return restoreTested("verify", snapshots, name);
        });
    }

    /** Every snapshot of the repository, oldest first, with the restore tests recorded here. */
    public SearchBackupReport list() {
        settings();
        return onNode("list", snapshots -> {
            List<StoredSnapshot> all = snapshots.list();
            long valid = all.stream().filter(StoredSnapshot::valid).count();
            return report("list", true, all.size() + " snapshot(s), " + valid + " valid, in repository "
                    + settings().repository() + " on " + settings().node(), all);
        });
    }

    /** {@code backups.search.retention} (never below one valid snapshot); {@code dryRun} deletes nothing. */
    public SearchBackupReport prune(boolean dryRun) {
        PlatformSpec.SearchBackups s = settings();
        SnapshotRetention retention = new SnapshotRetention(s.retention().keep(), s.retention().maxAge());
        return onNode("prune", snapshots -> {
            List<SnapshotRetention.Decision> decisions = snapshots.prune(retention, dryRun, clock.instant());
            long deleted = decisions.stream().filter(SnapshotRetention.Decision::delete).count();
            return new SearchBackupReport("prune", true, (dryRun ? "would delete " : "deleted ") + deleted + " snapshot(s) of "
                    + decisions.size() + " in repository " + s.repository() + " on " + s.node(), s.node(), s.repository(),
                    snapshots.list(), Optional.of(decisions), dryRun);
        });
    }

    private SearchBackupReport report(String operation, boolean ok, String message, List<StoredSnapshot> snapshots) {
        PlatformSpec.SearchBackups s = settings();
        return new SearchBackupReport(operation, ok, message, s.node(), s.repository(), snapshots, Optional.empty(), false);
    }

    /** The restore test of snapshot {@code name}, and the snapshot as listed after it (valid only when it passed). */
    private SearchBackupReport restoreTested(String operation, SearchSnapshots snapshots, String name) {
        SnapshotVerification v = snapshots.verify(name);
        StoredSnapshot after = find(snapshots, name);
        return report(operation, after.valid(), "snapshot " + name + ": restore test " + (v.ok() ? "passed: " : "FAILED: ")
                + v.message(), List.of(after));
    }

    private static StoredSnapshot find(SearchSnapshots snapshots, String name) {
        return snapshots.list().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("snapshot " + name + " is no longer listed"));
    }

    /** The snapshot records, beside the MariaDB backups: here, or on the backup host. */
    private static RecordStore records(PlatformSpec.Backups b, PlatformAccess access) {
        return b.target().host().isEmpty() ? new RecordStore(b.searchRecordsDir())
                : new RecordStore(PrivateFiles.on(BackupRun.targetHost(b.target(), access), b.searchRecordsDir().toString()));
    }

    /**
     * Runs {@code work} against the node through a tunnel. The engine's messages name the tunnel's end
     * (http://127.0.0.1:PORT/), which means nothing to the reader: they are given back with the node's address.
     */
    private SearchBackupReport onNode(String operation, Function<SearchSnapshots, SearchBackupReport> work) {
        PlatformSpec.Backups b = backups();
        PlatformSpec.SearchBackups s = b.search().orElseThrow();
        String node = s.node();
        try (VmProvider provider = context.openProvider(); PlatformAccess access = context.openAccess(provider)) {
            String address = s.address().orElseGet(() -> access.inventory().host(s.host().orElseThrow())
                    .map(Host::privateIp).orElseThrow(() -> new IllegalStateException("search host " + s.host().get().shortName()
                            + " does not exist (the provider has no such host; rolestack apply creates it)")));
            context.options().progress().step(node, "forwarding 127.0.0.1 through the jump host to " + address + ":" + s.port());
            try (SshTunnel tunnel = access.forward(address, s.port())) {
                String local = "http://127.0.0.1:" + tunnel.localPort() + "/";
                String remote = "http://" + address + ":" + s.port() + "/";
                try {
                    SearchSnapshots snapshots = new SearchSnapshots(new SearchHttp(URI.create(local), s.timeout()), s.repository(),
                            records(b, access), clock, s.timeout(), line -> context.options().progress()
                            .step(node, line.replace(local, remote)));
                    return work.apply(snapshots);
                } catch (InvalidRequestException e) {
                    throw e;
                } catch (RuntimeException e) {
                    String why = String.valueOf(e.getMessage()).replace(local, remote)
                            + tunnel.lastFailure().map(f -> " (tunnel: " + f + ")").orElse("");
                    return SearchBackupReport.failed(operation, why, node, s.repository());
                }
            }
        } catch (InvalidRequestException e) {
            throw e;
        } catch (RuntimeException e) {
            return SearchBackupReport.failed(operation, node + ": " + e.getMessage(), node, s.repository());
        }
    }
}
