package io.rolestack.cli;

import io.rolestack.mariadb.backup.BackupMetadata;
import io.rolestack.mariadb.backup.Retention;
import io.rolestack.mariadb.backup.StoredBackup;
import io.rolestack.mariadb.backup.Verification;
import io.rolestack.platform.Platform;
import io.rolestack.platform.backup.BackupJUnitReport;
import io.rolestack.platform.backup.BackupReport;
import io.rolestack.platform.backup.BackupValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "backup", description = {"MariaDB physical backups of the spec's database into backups.target.dir, and "
        + "snapshots of its search cluster (backup search) (docs/backups.md). A backup counts as valid only once its "
        + "restore test passed.",
        "Exit code: 0 ok, 1 failed (or a restore test failed), 2 bad input."},
        subcommands = {BackupCommand.Db.class, BackupCommand.Verify.class, BackupCommand.List.class, BackupCommand.Prune.class,
                BackupSearchCommand.class})
final class BackupCommand {

    abstract static class BackupSubcommand implements Callable<Integer> {
        @Mixin
        SpecFile spec;
        @Mixin
        Output output;
        @Option(names = "--secrets", paramLabel = "DIR",
                description = "Where the MariaDB CA and passwords live (default ~/.config/rolestack/secrets/ENV).")
        Path secrets;
        @Option(names = "--junit", paramLabel = "FILE", description = "Also write JUnit XML there (one testcase per backup of the "
                + "report; one that is not valid is a failure), for Jenkins' junit step.")
        Path junit;

        abstract BackupReport run(Platform platform);

        @Override
        public Integer call() {
            BackupReport r = run(Platform.open(spec.load(), PlatformArguments.base(output, secrets)));
            if (junit != null) BackupJUnitReport.write(r, junit);
            PrintWriter w = output.out();
            if (output.json) w.println(Json.write(BackupValues.of(r)));
            else print(r, w);
            w.flush();
            return r.exitCode();
        }
    }

    @Command(name = "db", mixinStandardHelpOptions = true, description = {
            "Takes a physical backup with mariadb-backup from a healthy replica (the primary only when it is the only "
                    + "server): the replica's SQL thread is stopped for the backup, so the data and the row counts recorded "
                    + "with it are at one GTID; streamed as mbstream through SSH, compressed with zstd on the db host, "
                    + "sha256 computed on the way, written under a temporary name and renamed when complete.",
            "Then the restore test (see 'backup verify') unless backups.verify is false.",
            "Example: rolestack backup db -f SPEC"})
    static final class Db extends BackupSubcommand {
        @Override
        BackupReport run(Platform platform) {
            return platform.backupDb();
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = {
            "Restore test: streams the backup to a scratch directory of a db host (a replica), recomputing its sha256, "
                    + "prepares it, starts a throwaway mariadbd on it (own datadir and socket, no network, no replication, "
                    + "no binlog), runs CHECK TABLE on every table and compares every table's row count with the source's "
                    + "at the backup's GTID. Records the verdict in the backup's metadata; only a pass makes it valid.",
            "Example: rolestack backup verify -f SPEC [ID]"})
    static final class Verify extends BackupSubcommand {
        @Parameters(arity = "0..1", paramLabel = "ID", description = "The backup (default: the newest).")
        String id;

        @Override
        BackupReport run(Platform platform) {
            return platform.verifyBackup(Optional.ofNullable(id));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {
            "The backups in backups.target.dir, oldest first: id, server, GTID, size, whether the last restore test "
                    + "found the sha256 matching, valid. Reaches no host.",
            "Example: rolestack backup list -f SPEC --json"})
    static final class List extends BackupSubcommand {
        @Override
        BackupReport run(Platform platform) {
            return platform.listBackups();
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true, description = {
            "Applies backups.retention: keeps the 'keep' newest valid backups and/or those younger than 'maxAge', "
                    + "never fewer than one valid backup; backups that are not valid go once a newer valid one exists. "
                    + "Valid backups are hashed again first: one whose sha256 no longer matches stops counting as valid. "
                    + "Reaches no host.",
            "Example: rolestack backup prune -f SPEC --dry-run"})
    static final class Prune extends BackupSubcommand {
        @Option(names = "--dry-run", description = "Only say what would be deleted.")
        boolean dryRun;

        @Override
        BackupReport run(Platform platform) {
            return platform.pruneBackups(dryRun);
        }
    }

    static void print(BackupReport r, PrintWriter w) {
        if (r.prune().isPresent()) {
            Table t = new Table("ID", "ACTION", "WHY");
            for (Retention.Decision d : r.prune().get().decisions()) {
                t.row(d.id(), d.delete() ? (r.prune().get().dryRun() ? "would delete" : "deleted") : "kept", d.reason());
            }
            t.print(w);
            r.prune().get().notes().forEach(w::println);
        } else if (!r.backups().isEmpty()) {
            Table t = new Table("ID", "SERVER", "GTID", "SIZE", "SHA256", "VALID", "TESTED");
            for (StoredBackup b : r.backups()) {
                BackupMetadata m = b.metadata();
                if (m == null) {
                    t.row(b.id(), "?", "?", "?", "?", "no", "unreadable: " + b.problem());
                    continue;
                }
                Verification v = m.verification();
                t.row(b.id(), m.server(), m.gtid(), size(m.storedBytes()), v == null ? "-" : v.checksumOk() ? "ok" : "MISMATCH",
                        m.valid() ? "yes" : "no", v == null ? "never" : v.at().toString());
            }
            t.print(w);
        }
        w.println(r.message());
    }

    static String size(long bytes) {
        if (bytes < 0) return "?";
        if (bytes < 1024 * 1024) return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        if (bytes < 1024L * 1024 * 1024) return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024);
        return String.format(java.util.Locale.ROOT, "%.2f GiB", bytes / 1024.0 / 1024 / 1024);
    }
}
