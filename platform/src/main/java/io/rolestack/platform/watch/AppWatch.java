package io.rolestack.platform.watch;

import io.rolestack.app.deploy.AppOutcome;
import io.rolestack.app.source.GitSource;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.platform.watch.WatchEvent.Kind;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * An app whose repo {@code rolestack watch} polls (the spec's {@code apps[].poll}): every {@link #every()} it asks
 * the repo where the app's ref is (ls-remote), decides with {@link AppPoll}, and deploys the app when the ref moved
 * ({@code rolestack app deploy} for that app alone). Called from the watcher's one thread, never twice at once.
 */
public final class AppWatch {
    /** Where a ref is now in a repo: {@link GitSource#remoteCommit} in production. */
    @FunctionalInterface
    public interface RemoteRefs {
        String commit(String input, String url, String ref);

        static RemoteRefs git() {
            return (input, url, ref) -> GitSource.remoteCommit(input, url, ref).name();
        }
    }

    /** What a poll did: whether it deployed, whether that or the poll itself failed (a poll error counts once, when first reported). */
    public record Polled(boolean deployed, boolean failed) {
        static final Polled NOTHING = new Polled(false, false);
    }

    private final String app;
    private final String url;
    private final String ref;
    private final Duration every;
    private final RemoteRefs refs;
    private final Supplier<AppOutcome> deploy;
    /** The last poll error reported: the same one again is not reported every interval. */
    private Optional<String> unreachable = Optional.empty();

    /** @param deploy one deploy of this app alone ({@code Platform.appDeploy}) */
    public AppWatch(String app, String url, String ref, Duration every, RemoteRefs refs, Supplier<AppOutcome> deploy) {
        this.app = Objects.requireNonNull(app, "app");
        this.url = Objects.requireNonNull(url, "url");
        this.ref = Objects.requireNonNull(ref, "ref");
        this.every = Objects.requireNonNull(every, "every");
        this.refs = Objects.requireNonNull(refs, "refs");
        this.deploy = Objects.requireNonNull(deploy, "deploy");
        if (every.isNegative() || every.isZero()) throw new IllegalArgumentException("poll interval must be positive");
    }

    public static AppWatch of(PlatformSpec.App app, RemoteRefs refs, Supplier<AppOutcome> deploy) {
        return new AppWatch(app.name(), app.repo(), app.ref(), app.poll().orElseThrow(() ->
                new IllegalArgumentException("app " + app.name() + " has no poll:")), refs, deploy);
    }

    /** The app's name; its events are the job {@code app NAME}, its record {@code app.NAME.*} in the state file. */
    public String app() {
        return app;
    }

    public String job() {
        return "app " + app;
    }

    public Duration every() {
        return every;
    }

    public String describe() {
        return "polls " + url + " " + ref + " every " + show(every);
    }

    /**
     * One poll: where the ref is, then a deploy when {@link AppPoll} says so; every event through {@code emit}. A
     * deploy's result goes to {@code keep} (the state file) before its event: the log never says more than the file.
     */
    public Polled poll(AppRecord known, Clock clock, java.util.function.Consumer<AppRecord> keep, BiConsumer<Kind, String> emit) {
        String commit;
        try {
            commit = refs.commit("app " + app + ": repo", url, ref);
        } catch (RuntimeException e) {
            String why = String.valueOf(e.getMessage());
            boolean fresh = !unreachable.equals(Optional.of(why));
            unreachable = Optional.of(why);
            if (fresh) {
                emit.accept(Kind.FAILED, "cannot poll: " + why + "; asked again every " + show(every)
                        + " (reported again when the error changes)");
            }
            return new Polled(false, fresh);
        }
        if (unreachable.isPresent()) {
            emit.accept(Kind.RECOVERED, "the repo answers again: " + ref + " is at " + AppPoll.shortId(commit));
            unreachable = Optional.empty();
        }
        AppPoll.Decision d = AppPoll.decide(ref, known, commit);
        if (!d.deploy()) return Polled.NOTHING;
        emit.accept(Kind.MOVED, d.reason());
        emit.accept(Kind.STARTED, "deploying commit " + AppPoll.shortId(commit));
        Instant start = clock.instant();
        AppOutcome o = null;
        String error = null;
        try {
            o = deploy.get();
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        Instant end = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String took = " (took " + show(Duration.between(start, end).truncatedTo(ChronoUnit.SECONDS)) + ")";
        // The deploy fetches the ref again: had it moved since, the next poll sees a commit not recorded here and
        // deploys again, which changes nothing (the release of the newer commit is already current).
        if (o != null && o.ok()) {
            keep.accept(known.deployed(commit, o.release(), end));
            emit.accept(Kind.SUCCEEDED, "commit " + AppPoll.shortId(commit) + ": " + o.message()
                    + (o.status() == AppOutcome.Status.UNCHANGED ? " (nothing to change)" : "") + took);
            return new Polled(true, false);
        }
        String summary = o != null ? o.message() : error;
        keep.accept(known.failed(commit, end, summary));
        emit.accept(Kind.FAILED, "commit " + AppPoll.shortId(commit) + ": " + summary + took + "; not deployed again by watch until "
                + ref + " moves (or by hand: rolestack app deploy -f SPEC " + app + ")");
        return new Polled(true, true);
    }

    static String show(Duration d) {
        return d.isZero() ? "0s" : d.toString().substring(2).toLowerCase();
    }
}
