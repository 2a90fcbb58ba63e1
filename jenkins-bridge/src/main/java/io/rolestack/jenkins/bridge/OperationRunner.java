package io.rolestack.jenkins.bridge;

import io.rolestack.core.files.AtomicFile;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;
import io.rolestack.core.result.Status;
import io.rolestack.health.CheckResult;
import io.rolestack.health.CheckStatus;
import io.rolestack.health.HealthReport;
import io.rolestack.health.HostHealth;
import io.rolestack.health.junit.JUnitReport;
import io.rolestack.mariadb.status.ClusterStatus;
import io.rolestack.mariadb.switchover.SwitchoverResult;
import io.rolestack.patch.PatchJUnitReport;
import io.rolestack.platform.backup.BackupJUnitReport;
import io.rolestack.platform.backup.BackupReport;
import io.rolestack.platform.backup.SearchBackupReport;
import io.rolestack.patch.PatchReport;
import io.rolestack.platform.Platform;
import io.rolestack.platform.app.AppReleases;
import io.rolestack.platform.app.AppReport;
import io.rolestack.platform.app.AppValues;
import io.rolestack.platform.deploy.DeployOutcome;
import io.rolestack.platform.exec.ExecOutcome;
import io.rolestack.platform.exec.HostOutput;
import io.rolestack.platform.heal.HealReport;
import io.rolestack.platform.heal.HealStatus;
import io.rolestack.platform.heal.HostHeal;
import io.rolestack.platform.patch.PatchValues;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs one {@link Operation} on an open {@link Platform}: the same call as the
 * CLI command, its report in the build log (as the CLI prints it), its value
 * for the Pipeline and its exit code; health also writes its JUnit XML into the
 * workspace, masked, for the Pipeline's {@code junit} step.
 */
final class OperationRunner {
    /** What an operation ended with, before masking and the verdict. */
    record Done(int exitCode, String message, Map<String, Object> value) {
    }

    private final Platform platform;
    private final Requests requests;
    private final LogProgress log;
    private final Path workspace;
    private final Masker masker;

    OperationRunner(Platform platform, Requests requests, LogProgress log, Path workspace, Masker masker) {
        this.platform = platform;
        this.requests = requests;
        this.log = log;
        this.workspace = workspace;
        this.masker = masker;
    }

    Done run(Operation operation) {
        return switch (operation) {
            case PLAN -> deploy(platform.plan());
            case APPLY -> deploy(platform.apply());
            case EXEC -> exec(platform.exec(requests.exec()));
            case VM_CREATE -> run(platform.createVms(requests.vms()));
            case VM_DELETE -> run(platform.deleteVms(requests.vms()));
            case VM_REBOOT -> run(platform.rebootVms(requests.vms()));
            case VM_LIST -> list(platform.listVms());
            case DB_REPLICATE -> run(platform.replicate());
            case DB_STATUS -> status(platform.databaseStatus());
            case DB_SWITCHOVER -> switchover(platform.switchover(requests.switchover()));
            case HEALTH -> health(platform.health(requests.health()));
            case HEAL -> heal(platform.heal(requests.heal()));
            case PATCH -> patch(platform.patch(requests.patch()));
            case BACKUP_DB -> backup(platform.backupDb());
            case BACKUP_VERIFY -> backup(platform.verifyBackup(requests.backupId()));
            case BACKUP_LIST -> backup(platform.listBackups());
            case BACKUP_PRUNE -> backup(platform.pruneBackups(requests.pruneDryRun()));
            case BACKUP_SEARCH -> searchBackup(platform.backupSearch());
            case BACKUP_SEARCH_VERIFY -> searchBackup(platform.verifySearchSnapshot(requests.backupId()));
            case BACKUP_SEARCH_LIST -> searchBackup(platform.listSearchSnapshots());
            case BACKUP_SEARCH_PRUNE -> searchBackup(platform.pruneSearchSnapshots(requests.pruneDryRun()));
            case APP_DEPLOY -> app(platform.appDeploy(requests.app()));
            case APP_ROLLBACK -> app(platform.appRollback(requests.app()));
            case APP_RELEASES -> releases(platform.appReleases(requests.app()));
        };
    }

    private Done deploy(DeployOutcome o) {
        for (Result r : o.summary().results()) {
            if (r.status() == Status.OK) continue;
            String label = o.applied() || r.failed() ? PipelineValues.name(r.status()) : "would change";
            log.line(label + " " + r.host() + " " + r.operation() + (r.message().isEmpty() ? "" : ": " + r.message()));
            if (!r.diff().isEmpty()) log.line(r.diff().strip().indent(4).stripTrailing());
        }
        return done(o.summary(), PipelineValues.deploy(o));
    }

    private Done run(RunSummary s) {
        s.results().stream().filter(r -> r.status() != Status.OK).forEach(r -> log.line(PipelineValues.name(r.status()) + " "
                + r.host() + " " + r.operation() + (r.message().isEmpty() ? "" : ": " + r.message())));
        return done(s, PipelineValues.run(s));
    }

    private Done exec(ExecOutcome o) {
        for (HostOutput h : o.hosts()) {
            String name = h.host().split("\\.", 2)[0];
            h.stdout().lines().forEach(l -> log.line(name + " | " + l));
            h.stderr().lines().forEach(l -> log.line(name + " ! " + l));
            if (!h.succeeded()) log.line(name + " FAILED: " + h.error().orElseGet(() -> "exit " + h.exitCode().orElseThrow()));
        }
        long failed = o.hosts().stream().filter(h -> !h.succeeded()).count();
        String message = o.hosts().size() + " host(s): " + (o.hosts().size() - failed) + " ok, " + failed + " failed";
        return new Done(o.exitCode(), message, PipelineValues.exec(o));
    }

    private Done list(Inventory inv) {
        inv.hosts().forEach(h -> log.line(h.fqdn() + "  " + h.privateIp() + "  " + h.publicIp().orElse("-") + "  " + h.providerId()));
        return new Done(0, inv.hosts().size() + " host(s)", PipelineValues.inventory(inv));
    }

    private Done status(ClusterStatus st) {
        st.table().lines().forEach(log::line);
        String message = st.healthy() ? "healthy, primary " + st.primary()
                : "not healthy" + (st.primary() == null ? ": no single primary" : ", primary " + st.primary());
        return new Done(st.healthy() ? 0 : 1, message, PipelineValues.databaseStatus(st));
    }

    private Done switchover(SwitchoverResult r) {
        String message = PipelineValues.name(r.status()) + ": " + r.from() + " → " + r.to() + ": " + r.message()
                + "; primary is now " + r.primary();
        log.line(message);
        return new Done(r.succeeded() ? 0 : 1, message, PipelineValues.switchover(r));
    }

    /** As the CLI: every check that is not simply ok, then the counts; exit 1 when a check failed. */
    Done health(HealthReport report) {
        for (HostHealth h : report.hosts()) {
            for (CheckResult c : h.checks()) {
                if (c.status() != CheckStatus.OK) {
                    log.line(c.status().label() + " " + h.host() + " " + c.name() + ": " + (c.failed() ? c.message() : c.seen()));
                }
            }
        }
        requests.junitFile(workspace).ifPresent(f -> {
            JUnitReport.write(masked(report), f);
            log.line(Operation.HEALTH.step() + ": wrote " + workspace.toAbsolutePath().normalize().relativize(f));
        });
        long unhealthy = report.hosts().stream().filter(h -> !h.healthy()).count();
        String message = report.hosts().size() + " host(s): " + (report.hosts().size() - unhealthy) + " healthy, " + unhealthy
                + " unhealthy; checks: " + report.count(CheckStatus.OK) + " ok, " + report.count(CheckStatus.FAILED) + " failed, "
                + report.count(CheckStatus.INFO) + " info";
        return new Done(report.exitCode(), message, PipelineValues.health(report));
    }

    /**
     * As the CLI: one line per host (status, failed probes, why), then the counts; exit 1 when a host is still
     * dead, suspect, refused or failed.
     */
    Done heal(HealReport report) {
        for (HostHeal h : report.hosts()) {
            log.line(h.status().label() + " " + h.host() + " " + h.failedProbes() + "/" + h.probes() + " failed probes"
                    + (h.message().isEmpty() ? "" : ": " + h.message()));
        }
        String message = report.hosts().size() + " host(s): " + report.count(HealStatus.HEALTHY) + " healthy, "
                + report.count(HealStatus.REBOOTED) + " rebooted, " + report.count(HealStatus.SUSPECT) + " suspect, "
                + report.count(HealStatus.REFUSED) + " refused, " + report.count(HealStatus.FAILED) + " failed";
        return new Done(report.exitCode(), message, PipelineValues.heal(report));
    }

    /** The report with every text masked: the JUnit file is archived by Jenkins, as the value is. */
    private HealthReport masked(HealthReport r) {
        return new HealthReport(r.hosts().stream().map(h -> new HostHealth(masker.mask(h.host()), h.checks().stream()
                .map(c -> new CheckResult(masker.mask(c.name()), c.status(), masker.mask(c.expected()), masker.mask(c.seen())))
                .toList())).toList());
    }

    private static Done done(RunSummary s, Map<String, Object> value) {
        String message = s.count(Status.OK) + " ok, " + s.count(Status.CHANGED) + " changed, " + s.count(Status.FAILED)
                + " failed on " + s.perHost().size() + " host(s)";
        return new Done(s.exitCode(), message, value);
    }

    /** As the CLI: a line per host, where the roll stopped, lock notes; the JUnit file; exit 1 when a host failed or was not reached. */
    Done patch(PatchReport report) {
        PatchReportView.lines(report).forEach(log::line);
        requests.junitFile(workspace).ifPresent(f -> {
            PatchJUnitReport.write(PatchReportView.masked(report, masker), f);
            log.line(Operation.PATCH.step() + ": wrote " + workspace.toAbsolutePath().normalize().relativize(f));
        });
        return new Done(report.exitCode(), PatchValues.summary(report), PipelineValues.patch(report));
    }

    /** As the CLI's table: a line per backup (id, server, GTID, valid), prune's decisions; exit 1 when the operation failed. */
    Done backup(BackupReport report) {
        for (var b : report.backups()) {
            var md = b.metadata();
            log.line(b.id() + "  " + (md == null ? "unreadable: " + b.problem()
                    : md.server() + "  gtid " + md.gtid() + "  " + md.storedBytes() + " bytes  " + (md.valid() ? "valid" : "not valid")
                    + md.lastVerification().map(v -> " (" + v.message() + ")").orElse(" (never restore-tested)")));
        }
        report.prune().ifPresent(p -> {
            p.decisions().forEach(d -> log.line((d.delete() ? (p.dryRun() ? "would delete " : "deleted ") : "kept ") + d.id() + ": " + d.reason()));
            p.notes().forEach(log::line);
        });
        junit(BackupJUnitReport.xml(report, masker::mask));
        return new Done(report.exitCode(), report.message(), PipelineValues.backup(report));
    }

    /** A search snapshot report: one log line per snapshot (or per prune decision), the value of backup search --json. */
    Done searchBackup(SearchBackupReport report) {
        for (var s : report.snapshots()) {
            log.line(s.name() + "  " + s.info().state() + "  " + (s.valid() ? "valid" : "not valid")
                    + (s.problem() != null ? " (record unreadable: " + s.problem() + ")"
                    : s.lastVerification().map(v -> " (" + v.message() + ")").orElse(" (never restore-tested)")));
        }
        report.decisions().ifPresent(ds -> ds.forEach(d -> log.line((d.delete() ? (report.dryRun() ? "would delete " : "deleted ")
                : "kept ") + d.snapshot() + ": " + d.reason())));
        junit(BackupJUnitReport.xml(report, masker::mask));
        return new Done(report.exitCode(), report.message(), PipelineValues.searchBackup(report));
    }

    /** A backup report's JUnit XML (its texts masked: Jenkins archives it, as it does the value) into the workspace, when the step has one. */
    private void junit(String xml) {
        requests.junitFile(workspace).ifPresent(f -> {
            AtomicFile.write(f, xml, AtomicFile.PUBLIC);
            log.line("rolestackBackup: wrote " + workspace.toAbsolutePath().normalize().relativize(f));
        });
    }

    /** As the CLI's table: a line per app (status, release, the one before, why), each failed host step; exit 1 when an app failed. */
    Done app(AppReport report) {
        for (var o : report.apps()) {
            log.line("app " + o.app() + ": " + AppValues.status(o).replace('_', ' ') + " " + o.release()
                    + o.previous().map(p -> " (before: " + p + ")").orElse("") + ", " + o.changed() + " changed: " + o.message());
            o.results().stream().filter(Result::failed)
                    .forEach(r -> log.line("  failed " + r.host() + " " + r.operation() + ": " + r.message()));
        }
        long failed = report.apps().stream().filter(o -> !o.ok()).count();
        String message = report.apps().size() + " app(s): " + (report.apps().size() - failed) + " ok, " + failed + " failed";
        return new Done(report.exitCode(), message, PipelineValues.app(report));
    }

    /** As the CLI's table: per app and host, each release (current marked, when last current, why BAD); exit 0. */
    Done releases(List<AppReleases> all) {
        for (AppReleases a : all) {
            for (var h : a.hosts()) {
                if (h.releases().isEmpty()) log.line("app " + a.app() + " " + h.host() + ": no release");
                for (var r : h.releases()) {
                    String lastCurrent = AppValues.lastCurrent(r);
                    log.line("app " + a.app() + " " + h.host() + " " + r.id() + (h.current().map(r.id()::equals).orElse(false) ? " *current*" : "")
                            + " last current " + (lastCurrent == null ? "never" : lastCurrent) + r.bad().map(b -> " BAD: " + b).orElse(""));
                }
            }
        }
        return new Done(0, all.size() + " app(s), " + all.stream().mapToInt(a -> a.hosts().size()).sum() + " host(s) read",
                PipelineValues.appReleases(all));
    }
}
