package io.rolestack.jenkins.bridge;

import io.rolestack.health.Thresholds;
import io.rolestack.health.repair.RepairPolicy;
import io.rolestack.platform.InvalidRequestException;
import io.rolestack.platform.PlatformOptions;
import io.rolestack.platform.app.AppRequest;
import io.rolestack.platform.db.SwitchoverRequest;
import io.rolestack.platform.exec.ExecRequest;
import io.rolestack.platform.heal.HealRequest;
import io.rolestack.platform.patch.PatchRequest;
import io.rolestack.platform.health.HealthRequest;
import io.rolestack.platform.vm.VmSelection;
import io.rolestack.role.plan.DeployOptions;
import io.rolestack.role.plan.Limit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A step's arguments as typed platform requests, checked before anything is
 * opened: every refusal is an {@link InvalidRequestException} (exit code 2) that
 * names the step and the argument, as the Pipeline author wrote it.
 */
public final class Requests {
    /** Where {@code rolestackHealth} writes its JUnit XML unless {@code junit} says otherwise. */
    public static final String DEFAULT_JUNIT = "rolestack-health.xml";
    private static final List<String> THRESHOLDS = List.of("diskPercent", "inodePercent", "memoryAvailablePercent", "maxLagSeconds");
    /** Where {@code rolestackPatch} writes its JUnit XML unless {@code junit} says otherwise. */
    public static final String DEFAULT_PATCH_JUNIT = "rolestack-patch.xml";
    /** Where {@code rolestackBackup} writes its JUnit XML for a backup or snapshot taken or restore-tested. */
    public static final String DEFAULT_BACKUP_JUNIT = "rolestack-backup.xml";
    /** The longest {@code healthTimeoutSeconds} and {@code dpkgLockWaitSeconds}: a day (a larger one is a unit mistake). */
    static final int MAX_PATCH_WAIT_SECONDS = 24 * 3600;
    /** Stands for the workspace in the form's checks (the path checks are lexical; the step checks again on the agent). */
    private static final Path FORM_WORKSPACE = Path.of("/rolestack-form-check/workspace");
    /** The longest app {@code healthTimeoutSeconds}: an hour, as {@link AppRequest} allows. */
    public static final int MAX_APP_HEALTH_TIMEOUT_SECONDS = 3600;
    /** rolestackHeal's arguments by the CLI option the platform's messages name. */
    private static final Map<String, String> HEAL_OPTIONS = Map.of("--attempts", "attempts", "--every", "every",
            "--max-reboots", "maxReboots", "--min-interval", "minInterval", "--probe-timeout", "probeTimeout",
            "--back-timeout", "backTimeout");

    private final Operation operation;
    private final CallArguments args;

    public Requests(Operation operation, CallArguments args) {
        this.operation = operation;
        this.args = args;
    }

    /** The limit and parallelism (the caller adds progress, environment and secrets). */
    public PlatformOptions options(PlatformOptions base) {
        if (isApp() && args.limit() != null && !args.limit().isBlank()) {
            // rolestack app has no --limit: a release on part of the pool would leave the frontends serving two.
            throw refuse("limit", "is not for " + operation.step() + ": an app always goes to its whole pool and every frontend (docs/apps.md)");
        }
        Limit limit = args.limit() == null ? Limit.all() : Limit.parse(args.limit());
        int parallelism = args.parallelism() == null ? DeployOptions.DEFAULT_PARALLELISM : args.parallelism();
        if (parallelism < 1 || parallelism > PlatformOptions.MAX_PARALLELISM) {
            throw refuse("parallelism", "must be between 1 and " + PlatformOptions.MAX_PARALLELISM + ", was " + parallelism);
        }
        return base.withLimit(limit).withParallelism(parallelism);
    }

    public ExecRequest exec() {
        if (args.command() == null || args.command().isBlank()) throw refuse("command", "is required (the shell command to run)");
        Duration timeout = args.timeoutSeconds() == null ? ExecRequest.DEFAULT_TIMEOUT : seconds("timeoutSeconds", 1, 24 * 3600);
        try {
            return new ExecRequest(args.command(), timeout, args.sudo());
        } catch (InvalidRequestException e) {
            throw refuse("command", e.getMessage());
        }
    }

    public SwitchoverRequest switchover() {
        if (args.to() == null || args.to().isBlank()) throw refuse("to", "is required for action 'switchover' (the replica to promote)");
        Duration timeout = args.timeoutSeconds() == null ? SwitchoverRequest.DEFAULT_TIMEOUT : seconds("timeoutSeconds", 1, 3600);
        return new SwitchoverRequest(args.to().trim(), timeout);
    }

    /** vm create: the named hosts, or every host; delete and reboot need names. */
    public VmSelection vms() {
        List<String> names = args.hosts().stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty() && operation != Operation.VM_CREATE && operation != Operation.VM_LIST) {
            throw refuse("hosts", "is required for action '" + operation.action() + "' (the hosts to " + operation.action() + ")");
        }
        return new VmSelection(names);
    }

    /**
     * health: the thresholds, unset ones at the CLI's defaults, checked by {@link HealthRequest#of} so that
     * a bad one is bad input (exit 2) that names the argument.
     */
    public HealthRequest health() {
        HealthArguments h = args.health();
        Thresholds d = Thresholds.defaults();
        boolean restart = Boolean.TRUE.equals(h.restart());
        if (restart && Boolean.TRUE.equals(h.reportOnly())) {
            throw refuse(operation, "reportOnly", "excludes restart: a report-only run changes nothing on the hosts");
        }
        int interval = or(h.restartIntervalMinutes(), (int) RepairPolicy.DEFAULT_INTERVAL.toMinutes());
        if (interval < 1) throw refuse(operation, "restartIntervalMinutes", "must be at least 1, was " + interval);
        try {
            HealthRequest request = HealthRequest.of(or(h.diskPercent(), d.diskPercent()), or(h.inodePercent(), d.inodePercent()),
                    or(h.memoryAvailablePercent(), d.memoryAvailablePercent()), or(h.maxLagSeconds(), d.maxLagSeconds()))
                    .withRestart(restart, Duration.ofMinutes(interval));
            return Boolean.TRUE.equals(h.reportOnly()) ? request.reportOnly() : request;
        } catch (InvalidRequestException e) {
            // "health: diskPercent must be 1..100, was 0": the thresholds are named as the step's arguments are.
            String why = String.valueOf(e.getMessage()).replaceFirst("^health: ", "");
            for (String argument : THRESHOLDS) {
                if (why.startsWith(argument + " ")) throw refuse(argument, why.substring(argument.length() + 1));
            }
            throw new InvalidRequestException(operation.step() + ": " + why);
        }
    }

    /**
     * heal: the probes and reboot limits, unset ones at the CLI's defaults, durations read by the CLI's own
     * parser ({@link HealRequest#duration}) and checked by {@link HealRequest}, so that a bad one is bad input
     * (exit 2) that names the step's argument.
     */
    public HealRequest heal() {
        HealArguments h = args.heal();
        HealRequest d = HealRequest.defaults();
        try {
            return new HealRequest(h.attempts() == null ? d.attempts() : h.attempts(),
                    duration("--every", h.every(), d.probeInterval()),
                    h.maxReboots() == null ? d.maxReboots() : h.maxReboots(),
                    duration("--min-interval", h.minInterval(), d.minInterval()),
                    duration("--probe-timeout", h.probeTimeout(), d.probeTimeout()),
                    duration("--back-timeout", h.backTimeout(), d.backTimeout()), d.rebootLog());
        } catch (InvalidRequestException e) {
            // "heal: --every '10x' is not a duration ...": named as the step's argument, not the CLI's option.
            String why = String.valueOf(e.getMessage()).replaceFirst("^heal: ", "");
            for (Map.Entry<String, String> o : HEAL_OPTIONS.entrySet()) {
                if (why.startsWith(o.getKey() + " ")) throw refuse(o.getValue(), why.substring(o.getKey().length() + 1));
            }
            throw new InvalidRequestException(operation.step() + ": " + why);
        }
    }

    private static Duration duration(String option, String text, Duration otherwise) {
        return text == null || text.isBlank() ? otherwise : HealRequest.duration(option, text);
    }

    /**
     * patch: the CLI's request, unset options at its defaults ({@code --health-timeout 180}, {@code --dpkg-lock-wait 600});
     * a bad one is bad input (exit 2) that names the argument.
     */
    public PatchRequest patch() {
        PatchArguments p = args.patch();
        PatchRequest d = PatchRequest.defaults();
        Duration healthTimeout = p.healthTimeoutSeconds() == null ? d.healthTimeout()
                : within("healthTimeoutSeconds", p.healthTimeoutSeconds(), 1, MAX_PATCH_WAIT_SECONDS);
        Duration dpkgLockWait = p.dpkgLockWaitSeconds() == null ? d.dpkgLockWait()
                : within("dpkgLockWaitSeconds", p.dpkgLockWaitSeconds(), 0, MAX_PATCH_WAIT_SECONDS);
        return new PatchRequest(Boolean.TRUE.equals(p.dryRun()), healthTimeout, dpkgLockWait);
    }

    /**
     * backup verify and backup search verify: the backup or snapshot to restore-test (the newest when unset); anything
     * but a backup id or snapshot name is refused.
     */
    public java.util.Optional<String> backupId() {
        String id = args.backup().backupId();
        if (id == null || id.isBlank()) return java.util.Optional.empty();
        boolean search = operation == Operation.BACKUP_SEARCH_VERIFY;
        if (operation != Operation.BACKUP_VERIFY && !search) throw refuse("backupId", "is only for actions 'verify' and 'search verify'");
        if (!id.strip().matches("[0-9A-Za-z][0-9A-Za-z._-]{0,127}")) {
            throw refuse("backupId", "'" + id + "' is not a " + (search ? "snapshot name (they are listed by action 'search list')"
                    : "backup id (they are listed by action 'list')"));
        }
        return java.util.Optional.of(id.strip());
    }

    /** backup prune and backup search prune: only say what would be deleted. */
    public boolean pruneDryRun() {
        boolean prune = operation == Operation.BACKUP_PRUNE || operation == Operation.BACKUP_SEARCH_PRUNE;
        if (args.backup().dryRun() != null && !prune && args.backup().dryRun()) {
            throw refuse("dryRun", "is only for actions 'prune' and 'search prune'");
        }
        return Boolean.TRUE.equals(args.backup().dryRun());
    }

    /**
     * app deploy/rollback/releases: the app (unset: every app of the spec), rollback's target release and the health
     * timeout, unset ones at the CLI's defaults ({@code --health-timeout 30}); a bad one is bad input (exit 2) that
     * names the argument. A rollback target needs its app: a Pipeline naming a release and not the app would
     * break the day the spec gets a second app.
     */
    public AppRequest app() {
        AppArguments a = args.app();
        java.util.Optional<String> app = java.util.Optional.ofNullable(a.app()).map(String::strip).filter(s -> !s.isEmpty());
        String to = args.to() == null || args.to().isBlank() ? null : args.to().strip();
        if (to != null) {
            if (operation != Operation.APP_ROLLBACK) throw refuse("to", "is only for action 'rollback'");
            releaseIdProblem(to).ifPresent(why -> {
                throw refuse("to", why);
            });
            if (app.isEmpty()) throw refuse("to", "names a release of one app: give 'app' too");
        }
        Duration timeout = AppRequest.DEFAULT_HEALTH_TIMEOUT;
        if (a.healthTimeoutSeconds() != null) {
            if (operation == Operation.APP_RELEASES) throw refuse("healthTimeoutSeconds", "is only for actions 'deploy' and 'rollback'");
            timeout = within("healthTimeoutSeconds", a.healthTimeoutSeconds(), 1, MAX_APP_HEALTH_TIMEOUT_SECONDS);
        }
        AppRequest request = new AppRequest(app, java.util.Optional.empty(), timeout);
        return to == null ? request : request.to(to);
    }

    private boolean isApp() {
        return operation == Operation.APP_DEPLOY || operation == Operation.APP_ROLLBACK || operation == Operation.APP_RELEASES;
    }

    /** health and patch: the JUnit XML file to write, relative to the workspace and inside it; other operations: none. */
    public java.util.Optional<Path> junitFile(Path workspace) {
        String junit = junitName();
        if (junit == null) return java.util.Optional.empty();
        return java.util.Optional.of(inside(operation, "junit", workspace, path(operation, "junit", junit)));
    }

    /** The {@code junit} argument as given (trimmed) or its default; null for an operation without a report. */
    public String junitName() {
        String given = switch (operation) {
            case HEALTH -> args.health().junit();
            case PATCH -> args.patch().junit();
            case BACKUP_DB, BACKUP_VERIFY, BACKUP_LIST, BACKUP_PRUNE, BACKUP_SEARCH, BACKUP_SEARCH_VERIFY, BACKUP_SEARCH_LIST,
                    BACKUP_SEARCH_PRUNE -> args.backup().junit();
            default -> null;
        };
        String byDefault = switch (operation) {
            case HEALTH -> DEFAULT_JUNIT;
            case PATCH -> DEFAULT_PATCH_JUNIT;
            // A backup taken or restore-tested is a test result; a listing or a prune only when asked for.
            case BACKUP_DB, BACKUP_VERIFY, BACKUP_SEARCH, BACKUP_SEARCH_VERIFY -> DEFAULT_BACKUP_JUNIT;
            default -> null;
        };
        return given == null || given.isBlank() ? byDefault : given.trim();
    }

    /** The spec file: relative to the workspace and inside it. */
    public static Path spec(Operation operation, Path workspace, String spec) {
        specProblem(spec).ifPresent(why -> {
            throw refuse(operation, "spec", why);
        });
        return inside(operation, "spec", workspace, Path.of(spec.trim()));
    }

    /**
     * What is wrong with a {@code spec} argument as far as it can be told without the workspace (the form's
     * check, on the controller), in the words of the step's refusal; empty when nothing is. The step checks it
     * again against its real workspace.
     */
    public static java.util.Optional<String> specProblem(String spec) {
        if (spec == null || spec.isBlank()) return java.util.Optional.of("is required (the platform spec, relative to the workspace)");
        Path rel;
        try {
            rel = Path.of(spec.trim());
        } catch (RuntimeException e) {
            return java.util.Optional.of("'" + spec + "' is not a path");
        }
        return outside(FORM_WORKSPACE, rel);
    }

    /** The JSON file to write, when asked: relative to the workspace and inside it. */
    public java.util.Optional<Path> jsonFile(Path workspace) {
        if (args.jsonFile() == null || args.jsonFile().isBlank()) return java.util.Optional.empty();
        return java.util.Optional.of(inside(operation, "jsonFile", workspace, Path.of(args.jsonFile().trim())));
    }

    /**
     * What is wrong with a release id given as {@code to} ({@code rolestack app rollback --to}), or empty: 16 hex
     * digits, as {@link AppRequest} takes them.
     */
    public static java.util.Optional<String> releaseIdProblem(String id) {
        return id.strip().matches("[0-9a-f]{16}") ? java.util.Optional.empty()
                : java.util.Optional.of("'" + id.strip() + "' is not a release id (16 hex digits, as action 'releases' lists them)");
    }

    private static Path inside(Operation operation, String argument, Path workspace, Path rel) {
        outside(workspace, rel).ifPresent(why -> {
            throw refuse(operation, argument, why);
        });
        return workspace.toAbsolutePath().normalize().resolve(rel).normalize();
    }

    private static java.util.Optional<String> outside(Path workspace, Path rel) {
        if (rel.isAbsolute()) return java.util.Optional.of("'" + rel + "' must be relative to the workspace");
        Path root = workspace.toAbsolutePath().normalize();
        Path p = root.resolve(rel).normalize();
        if (!p.startsWith(root) || p.equals(root)) return java.util.Optional.of("'" + rel + "' leaves the workspace");
        return java.util.Optional.empty();
    }

    private static int or(Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }

    private static Path path(Operation operation, String argument, String text) {
        try {
            return Path.of(text);
        } catch (RuntimeException e) {
            throw refuse(operation, argument, "'" + text + "' is not a path");
        }
    }

    private Duration within(String argument, int s, int min, int max) {
        if (s < min || s > max) throw refuse(argument, "must be between " + min + " and " + max + " seconds, was " + s);
        return Duration.ofSeconds(s);
    }

    private Duration seconds(String argument, int min, int max) {
        return within(argument, args.timeoutSeconds(), min, max);
    }

    private InvalidRequestException refuse(String argument, String why) {
        return refuse(operation, argument, why);
    }

    static InvalidRequestException refuse(Operation operation, String argument, String why) {
        return new InvalidRequestException(operation.step() + ": argument '" + argument + "' " + why);
    }
}
