package io.rolestack.platform.watch;

import io.rolestack.platform.watch.WatchEvent.Kind;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runs scheduled jobs when they are due, one at a time, until stopped.
 *
 * <p>The rule, per job: a slot is due when it is at or before now, after the job's last run's slot and after the
 * job was first watched. Only the latest such slot runs: slots missed while watch was down (or busy with
 * another job) are caught up <em>once</em>, at start, not once each. A slot is recorded in the state file before
 * its run starts, so it runs at most once: a watcher killed during a run does not repeat it on restart (it logs
 * it as interrupted). A failed run is reported, recorded and waits for the next slot like any other.
 *
 * <p>Between slots the watcher sleeps (through the {@link Sleeper}, woken by a stop) at most {@code maxSleep} at a
 * time, then looks at the clock again: a wall clock set forward or a machine resumed from suspend is noticed
 * within that time. A stop is honoured between jobs: a running job finishes first.
 *
 * <p>Polled apps ({@link AppWatch}) are asked where their ref is at start and then every interval, between the
 * jobs (never during one: a deploy never runs during a patch roll, nor the other way round); a poll that finds
 * nothing new logs nothing and writes nothing.
 */
public final class Watcher {
    /** Later than this after its slot, a run is logged as a catch-up (watch was down or busy at the slot). */
    static final Duration LATE = Duration.ofMinutes(2);
    public static final Duration DEFAULT_MAX_SLEEP = Duration.ofMinutes(1);

    private final List<ScheduledJob> jobs;
    private final List<AppWatch> apps;
    /** When each polled app is asked next (in memory: a restart polls every app at once). */
    private final Map<String, Instant> nextPoll = new LinkedHashMap<>();
    private final Path stateFile;
    private final Clock clock;
    private final Sleeper sleeper;
    private final WatchListener listener;
    private final Duration maxSleep;
    private final StopSignal stop = new StopSignal();

    /**
     * @param jobs      in the order they run when due at once (spec order)
     * @param stateFile where the last runs are kept (locked while the watcher runs)
     * @param clock     what "now" is; its zone is the one the log shows (schedules carry their own)
     * @param maxSleep  the longest single wait before the clock is read again
     */
    public Watcher(List<ScheduledJob> jobs, Path stateFile, Clock clock, Sleeper sleeper, WatchListener listener, Duration maxSleep) {
        this(jobs, List.of(), stateFile, clock, sleeper, listener, maxSleep);
    }

    /** @param apps the apps whose repos are polled, in the order they are polled when due at once (spec order) */
    public Watcher(List<ScheduledJob> jobs, List<AppWatch> apps, Path stateFile, Clock clock, Sleeper sleeper,
                   WatchListener listener, Duration maxSleep) {
        this.jobs = List.copyOf(jobs);
        this.apps = List.copyOf(apps);
        this.stateFile = Objects.requireNonNull(stateFile, "stateFile");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.maxSleep = Objects.requireNonNull(maxSleep, "maxSleep");
        if (maxSleep.isNegative() || maxSleep.isZero()) throw new IllegalArgumentException("maxSleep must be positive");
        Set<String> names = new HashSet<>();
        for (ScheduledJob j : this.jobs) {
            if (!names.add(j.name())) throw new IllegalArgumentException("two scheduled jobs are named " + j.name());
        }
        for (AppWatch a : this.apps) {
            if (!names.add(a.job())) throw new IllegalArgumentException("two polled apps are named " + a.app());
        }
    }

    /** Asks the watcher to stop, from any thread: a sleep ends at once, a running job finishes first. */
    public void stop() {
        stop.request();
    }

    /**
     * Watches until {@link #stop()} (or, with {@code once}, until nothing is due any more: runs what is due now,
     * including a catch-up, then returns).
     */
    public WatchSummary run(boolean once) {
        int runs = 0;
        int failures = 0;
        try (WatchState state = WatchState.open(stateFile)) {
            start(state);
            Optional<Instant> announced = Optional.empty();
            while (!stop.requested()) {
                Instant now = clock.instant();
                Optional<Due> due = firstDue(state, now);
                if (due.isPresent()) {
                    runs++;
                    if (!runOne(state, due.get())) failures++;
                    announced = Optional.empty();
                    continue;
                }
                Optional<AppWatch> poll = apps.stream().filter(a -> !nextPoll.get(a.app()).isAfter(now)).findFirst();
                if (poll.isPresent()) {
                    AppWatch.Polled p = poll(state, poll.get(), now);
                    if (p.deployed()) runs++;
                    if (p.failed()) failures++;
                    continue;
                }
                if (once) break;
                Optional<Next> next = nextSlot(state);
                Optional<Instant> polls = nextPoll.values().stream().min(Instant::compareTo);
                if (next.isEmpty() && polls.isEmpty()) {
                    emit("", Kind.STOPPED, "no job has a slot left in its schedule: nothing to wait for");
                    return new WatchSummary(runs, failures);
                }
                // Polls come every interval and are not announced: the log would be one line per poll.
                if (next.isPresent() && !announced.equals(Optional.of(next.get().slot()))) {
                    emit("", Kind.NEXT, "sleeping until " + show(next.get().slot()) + " (" + next.get().job().name() + ")"
                            + (apps.isEmpty() ? "" : ", polling " + apps.size() + " app(s) meanwhile"));
                    announced = Optional.of(next.get().slot());
                }
                Instant wake = next.map(Next::slot).filter(t -> polls.isEmpty() || t.isBefore(polls.get())).orElseGet(polls::orElseThrow);
                Duration wait = Duration.between(now, wake);
                try {
                    sleeper.sleep(wait.compareTo(maxSleep) > 0 ? maxSleep : wait, stop);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop.request();
                }
            }
            if (stop.requested()) emit("", Kind.STOPPING, "stop requested");
            emit("", Kind.STOPPED, runs + " run(s), " + failures + " failed");
        }
        return new WatchSummary(runs, failures);
    }

    private void start(WatchState state) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        emit("", Kind.WATCHING, jobs.size() + " job(s)" + (apps.isEmpty() ? "" : ", " + apps.size() + " polled app(s)")
                + ", state " + state.file());
        for (ScheduledJob j : jobs) {
            JobRecord r = state.job(j.name()).orElse(null);
            if (r == null) {
                r = JobRecord.watchedSince(now);
                state.put(j.name(), r);
            } else if (r.lastResult().equals(Optional.of(JobRecord.Result.RUNNING))) {
                emit(j.name(), Kind.INTERRUPTED, "the run for " + show(r.lastSlot().orElseThrow()) + ", started "
                        + show(r.lastStarted().orElseThrow()) + ", never finished (watch was stopped or killed during it); "
                        + "it is not run again");
                r = r.interrupted();
                state.put(j.name(), r);
            }
            JobRecord known = r;
            String last = r.lastSlot().map(s -> "last run for " + show(s) + " (" + known.lastResult().map(JobRecord.Result::word).orElse("?") + ")")
                    .orElse("no run yet, watched since " + show(r.watchedSince()));
            String next = j.timing().nextAfter(now).map(this::show).orElse("never");
            emit(j.name(), Kind.WATCHING, "schedule " + j.timing().describe() + "; " + last + "; next slot " + next);
        }
        for (AppWatch a : apps) {
            nextPoll.put(a.app(), now);
            emit(a.job(), Kind.WATCHING, a.describe() + "; " + state.app(a.app()).describe());
        }
    }

    /** One poll of an app (and its deploy, when its ref moved); its next poll is one interval after this one began. */
    private AppWatch.Polled poll(WatchState state, AppWatch app, Instant now) {
        nextPoll.put(app.app(), now.plus(app.every()));
        AppWatch.Polled p = app.poll(state.app(app.app()), clock, record -> {
            try {
                state.putApp(app.app(), record);
            } catch (RuntimeException e) {
                // Kept in memory: this watcher does not deploy the commit again; after a restart it would.
                emit(app.job(), Kind.FAILED, "cannot record the deploy in " + state.file() + ": " + e.getMessage());
            }
        }, (kind, message) -> emit(app.job(), kind, message));
        return p;
    }

    private Optional<Due> firstDue(WatchState state, Instant now) {
        Due first = null;
        for (ScheduledJob j : jobs) {
            Instant covered = state.job(j.name()).orElseThrow().coveredUntil();
            Optional<Instant> slot = j.timing().latestAtOrBefore(now).filter(s -> s.isAfter(covered));
            if (slot.isPresent() && (first == null || slot.get().isBefore(first.slot()))) {
                first = new Due(j, slot.get(), covered);
            }
        }
        return Optional.ofNullable(first);
    }

    private Optional<Next> nextSlot(WatchState state) {
        Next best = null;
        for (ScheduledJob j : jobs) {
            Optional<Instant> n = j.timing().nextAfter(state.job(j.name()).orElseThrow().coveredUntil());
            if (n.isPresent() && (best == null || n.get().isBefore(best.slot()))) best = new Next(j, n.get());
        }
        return Optional.ofNullable(best);
    }

    /** Runs one due slot; true when it went well. */
    private boolean runOne(WatchState state, Due due) {
        ScheduledJob j = due.job();
        Instant start = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        boolean late = Duration.between(due.slot(), start).compareTo(LATE) > 0;
        String missed = late ? " was missed (watch was not running, or busy): catching up once now"
                + (j.timing().nextAfter(due.covered()).filter(s -> s.isBefore(due.slot())).isPresent()
                ? ", earlier missed slots are not run" : "") : "";
        emit(j.name(), Kind.DUE, "slot " + show(due.slot()) + missed);
        JobRecord before = state.job(j.name()).orElseThrow();
        try {
            state.put(j.name(), before.started(due.slot(), start));
        } catch (RuntimeException e) {
            // Not recorded: running it could repeat it after a restart. Skip this slot (kept in memory as taken).
            emit(j.name(), Kind.FAILED, "not run: cannot record the run in " + state.file() + ": " + e.getMessage());
            return false;
        }
        emit(j.name(), Kind.STARTED, "running now");
        JobOutcome outcome;
        try {
            outcome = j.run();
        } catch (RuntimeException e) {
            outcome = JobOutcome.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        Instant end = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            state.put(j.name(), state.job(j.name()).orElseThrow().finished(end, outcome));
        } catch (RuntimeException e) {
            emit(j.name(), Kind.FAILED, "cannot record the result in " + state.file() + ": " + e.getMessage());
        }
        String took = " (took " + Duration.between(start, end).truncatedTo(ChronoUnit.SECONDS).toString().substring(2).toLowerCase() + ")";
        emit(j.name(), outcome.ok() ? Kind.SUCCEEDED : Kind.FAILED, outcome.summary() + took);
        emit(j.name(), Kind.NEXT, "next slot " + j.timing().nextAfter(due.slot().isAfter(end) ? due.slot() : end).map(this::show).orElse("never"));
        return outcome.ok();
    }

    private void emit(String job, Kind kind, String message) {
        listener.event(new WatchEvent(clock.instant(), job, kind, message));
    }

    private String show(Instant t) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ZonedDateTime.ofInstant(t, clock.getZone()).truncatedTo(ChronoUnit.SECONDS));
    }

    private record Due(ScheduledJob job, Instant slot, Instant covered) {
    }

    private record Next(ScheduledJob job, Instant slot) {
    }

    /** What a watch did: runs started and how many of them failed. */
    public record WatchSummary(int runs, int failures) {
    }
}
