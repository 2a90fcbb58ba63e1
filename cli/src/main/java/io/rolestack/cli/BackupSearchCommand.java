package io.rolestack.cli;

import io.rolestack.backup.search.SnapshotRetention;
import io.rolestack.backup.search.SnapshotVerification;
import io.rolestack.backup.search.StoredSnapshot;
import io.rolestack.platform.Platform;
import io.rolestack.platform.backup.SearchBackupReport;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code rolestack backup search [list|verify|prune]}: the snapshots of {@code backups.search}, through a port the
 * jump host forwards to the node. Without a subcommand: take one (and restore-test it).
 */
@Command(name = "search", mixinStandardHelpOptions = true, description = {
        "Takes a snapshot of the search cluster of backups.search (Elasticsearch/OpenSearch) into its repository: "
                + "through a port of 127.0.0.1 that the jump host forwards (SSH) to the node, registers the repository "
                + "when backups.search.location is given, counts the documents of every index, starts a dated snapshot "
                + "(rolestack-yyyyMMdd-HHmmss), waits for it, then restore-tests it unless backups.search.verify is false: "
                + "every index restored under a new name and its documents counted against the counts at snapshot time.",
        "Records (counts, restore tests) go to backups.target.dir/.search-snapshots. docs/backups.md",
        "Examples: rolestack backup search -f SPEC; rolestack backup search list -f SPEC --json",
        "Exit code: 0 ok, 1 failed (or a restore test failed), 2 bad input."},
        subcommands = {BackupSearchCommand.ListSnapshots.class, BackupSearchCommand.Verify.class, BackupSearchCommand.Prune.class})
final class BackupSearchCommand extends SearchSnapshotsSubcommand {
    // Not the SpecFile mixin: a required option here would be required before 'list', 'verify' and 'prune' too.
    @Option(names = {"-f", "--file"}, paramLabel = "SPEC", description = "Platform spec (YAML), e.g. examples/platform-local.yaml.")
    Path file;

    @Override
    PlatformSpec spec() {
        if (file == null) throw new Rolestack.UsageError("backup search: missing required option '--file=SPEC'");
        return SpecLoader.load(file);
    }

    @Override
    SearchBackupReport run(Platform platform) {
        return platform.backupSearch();
    }

    abstract static class WithSpec extends SearchSnapshotsSubcommand {
        @Mixin
        SpecFile spec;

        @Override
        PlatformSpec spec() {
            return spec.load();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {
            "The snapshots of backups.search.repository, oldest first: name, state, indices, last restore test, valid "
                    + "(SUCCESS and a passed restore test). Reaches the node through the jump host.",
            "Example: rolestack backup search list -f SPEC --json"})
    static final class ListSnapshots extends WithSpec {
        @Override
        SearchBackupReport run(Platform platform) {
            return platform.listSearchSnapshots();
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = {
            "Restore test of a snapshot: every index restored as rolestack-verify-INDEX (no replicas, no aliases), every "
                    + "shard required, each copy's documents counted against the counts recorded at snapshot time, the "
                    + "copies deleted. Records the verdict; only a pass makes the snapshot valid.",
            "Example: rolestack backup search verify -f SPEC [SNAPSHOT]"})
    static final class Verify extends WithSpec {
        @Parameters(arity = "0..1", paramLabel = "SNAPSHOT", description = "The snapshot (default: the newest rolestack snapshot).")
        String snapshot;

        @Override
        SearchBackupReport run(Platform platform) {
            return platform.verifySearchSnapshot(Optional.ofNullable(snapshot));
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true, description = {
            "Applies backups.search.retention: keeps the 'keep' newest valid snapshots and/or those younger than "
                    + "'maxAge', never fewer than one valid snapshot; snapshots that are not valid go once a newer valid one "
                    + "exists; snapshots not named rolestack-... are never deleted. Reaches the node through the jump host.",
            "Example: rolestack backup search prune -f SPEC --dry-run"})
    static final class Prune extends WithSpec {
        @Option(names = "--dry-run", description = "Only say what would be deleted.")
        boolean dryRun;

        @Override
        SearchBackupReport run(Platform platform) {
            return platform.pruneSearchSnapshots(dryRun);
        }
    }

    static void print(SearchBackupReport r, PrintWriter w) {
        if (r.decisions().isPresent()) {
            Table t = new Table("SNAPSHOT", "ACTION", "WHY");
            for (SnapshotRetention.Decision d : r.decisions().get()) {
                t.row(d.snapshot(), d.delete() ? (r.dryRun() ? "would delete" : "deleted") : "kept", d.reason());
            }
            t.print(w);
        } else if (!r.snapshots().isEmpty()) {
            Table t = new Table("SNAPSHOT", "STATE", "INDICES", "DOCS", "VALID", "TESTED");
            for (StoredSnapshot s : r.snapshots()) {
                String docs = s.record().map(x -> String.valueOf(x.countsAfter().values().stream().mapToLong(Long::longValue).sum())).orElse("-");
                String tested = s.problem() != null ? "record unreadable: " + s.problem()
                        : s.lastVerification().map(BackupSearchCommand::tested).orElse("never");
                t.row(s.name(), s.info().state(), s.info().indices().stream().sorted().collect(Collectors.joining(",")), docs,
                        s.valid() ? "yes" : "no", tested);
            }
            t.print(w);
        }
        w.println(r.message());
    }

    private static String tested(SnapshotVerification v) {
        return v.at() + (v.ok() ? " passed" : " FAILED");
    }
}
