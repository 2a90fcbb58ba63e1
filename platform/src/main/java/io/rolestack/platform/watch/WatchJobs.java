package io.rolestack.platform.watch;

import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.patch.PatchReport;
import io.rolestack.platform.InvalidRequestException;
import io.rolestack.platform.PlatformContext;
import io.rolestack.platform.backup.BackupReport;
import io.rolestack.platform.backup.SearchBackupReport;
import io.rolestack.platform.provider.Providers;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Which jobs a spec schedules, by the name of the block that holds the schedule: {@code patching}
 * ({@code patching.schedule}), {@code backups} ({@code backups.schedule}) and {@code backups.search}
 * ({@code backups.search.schedule}). A block added here is run by
 * {@code rolestack watch} and printed by {@code rolestack spec schedule} alike. Apps with {@code poll:} are
 * watched too ({@link #apps}), on their interval, not on a cron schedule.
 */
public final class WatchJobs {
    /** The file in the state directory. */
    public static final String STATE_FILE = "watch-state";

    private WatchJobs() {
    }

    /** Every scheduled block of the spec and its cron expression as written ({@code H} kept), in spec order. */
    public static Map<String, String> schedules(PlatformSpec spec) {
        Map<String, String> m = new LinkedHashMap<>();
        spec.patching().ifPresent(p -> m.put(PatchJob.NAME, p.schedule()));
        spec.backups().flatMap(PlatformSpec.Backups::schedule).ifPresent(s -> m.put(BackupJob.NAME, s));
        spec.backups().flatMap(PlatformSpec.Backups::search).flatMap(PlatformSpec.SearchBackups::schedule)
                .ifPresent(s -> m.put(BackupJob.SEARCH_NAME, s));
        return m;
    }

    /** The jobs a spec can schedule, whether or not this one does. */
    public static final Set<String> KNOWN = Set.of(PatchJob.NAME, BackupJob.NAME, BackupJob.SEARCH_NAME);

    /** Refuses a name that is no job at all (a typo such as {@code patch}), scheduled or not. */
    public static void knownJob(String job) {
        if (!KNOWN.contains(job)) {
            throw new InvalidRequestException("no scheduled job is called '" + job + "'; jobs: " + String.join(", ", new TreeSet<>(KNOWN)));
        }
    }

    /** The schedule of one block, as written; refused (naming the spec's scheduled blocks) when it has none. */
    public static String schedule(PlatformSpec spec, String job) {
        knownJob(job);
        Map<String, String> all = schedules(spec);
        String s = all.get(job);
        if (s == null) {
            throw new InvalidRequestException(spec.source() + " has no schedule for '" + job + "' (no " + job
                    + ".schedule); scheduled: " + (all.isEmpty() ? "nothing" : String.join(", ", all.keySet())));
        }
        return s;
    }

    /** What {@code H} is hashed from: one value per environment and job, the same on every run. */
    public static String seed(PlatformSpec spec, String job) {
        return spec.environment() + "/" + job;
    }

    public static CronSchedule cron(PlatformSpec spec, String job, ZoneId zone) {
        return CronSchedule.parse(schedule(spec, job), seed(spec, job), zone);
    }

    /**
     * The spec's jobs; {@code patch} runs one patch, {@code backup} one MariaDB backup, {@code prune} the backups'
     * retention, {@code searchSnapshot} and {@code searchPrune} the same for {@code backups.search}. Refused when the
     * spec schedules nothing and polls no app: a watch that never does anything is a mistake.
     */
    public static List<ScheduledJob> of(PlatformSpec spec, ZoneId zone, Supplier<PatchReport> patch,
                                        Supplier<BackupReport> backup, Supplier<BackupReport> prune,
                                        Supplier<SearchBackupReport> searchSnapshot, Supplier<SearchBackupReport> searchPrune) {
        List<ScheduledJob> jobs = new ArrayList<>();
        Map<String, String> scheduled = schedules(spec);
        if (scheduled.containsKey(PatchJob.NAME)) jobs.add(new PatchJob(cron(spec, PatchJob.NAME, zone), patch));
        if (scheduled.containsKey(BackupJob.NAME)) jobs.add(BackupJob.db(cron(spec, BackupJob.NAME, zone), backup, prune));
        if (scheduled.containsKey(BackupJob.SEARCH_NAME)) {
            jobs.add(BackupJob.search(cron(spec, BackupJob.SEARCH_NAME, zone), searchSnapshot, searchPrune));
        }
        if (jobs.isEmpty() && spec.apps().stream().noneMatch(a -> a.poll().isPresent())) {
            throw new InvalidRequestException(spec.source() + " schedules nothing for rolestack watch: "
                    + "add a patching: block, or a backups: block with a schedule, or poll: to an app (docs/watch.md)");
        }
        return jobs;
    }

    /**
     * The spec's apps that have {@code poll:}, in spec order; {@code deploy} deploys the named app alone
     * ({@code Platform.appDeploy}), {@code refs} says where a ref is ({@link AppWatch.RemoteRefs#git()}).
     */
    public static List<AppWatch> apps(PlatformSpec spec, AppWatch.RemoteRefs refs,
                                      java.util.function.Function<String, io.rolestack.app.deploy.AppOutcome> deploy) {
        return spec.apps().stream().filter(a -> a.poll().isPresent())
                .map(a -> AppWatch.of(a, refs, () -> deploy.apply(a.name()))).toList();
    }

    /** The local environment's state directory (local hosts), else ~/.config/rolestack/state/ENV — as heal's. */
    public static Path defaultStateDir(PlatformContext context) {
        String env = context.spec().environment();
        return context.localHosts()
                ? Providers.localSettings(context.spec()).stateRoot().resolve(env)
                : Path.of(System.getProperty("user.home"), ".config", "rolestack", "state", env);
    }
}
