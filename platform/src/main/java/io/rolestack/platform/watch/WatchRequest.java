package io.rolestack.platform.watch;

import io.rolestack.platform.app.AppRequest;
import io.rolestack.platform.patch.PatchRequest;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code rolestack watch} over a spec's schedules.
 *
 * @param stateDir where {@code watch-state} is kept; empty: the platform's state directory
 *                 ({@link WatchJobs#defaultStateDir})
 * @param patch    how each scheduled patch run is done (never a dry run)
 * @param clock    "now", and the zone the schedules are read in (the machine's own in production)
 * @param sleeper  how the watcher waits ({@link Sleeper#real()})
 * @param maxSleep the longest single wait before the clock is read again
 * @param listener where the events go
 * @param appHealthTimeout how long a release deployed because its app's ref moved gets to answer its health check
 */
public record WatchRequest(Optional<Path> stateDir, PatchRequest patch, Clock clock, Sleeper sleeper, Duration maxSleep,
                           WatchListener listener, Duration appHealthTimeout) {
    public WatchRequest {
        Objects.requireNonNull(appHealthTimeout, "appHealthTimeout");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(patch, "patch");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(maxSleep, "maxSleep");
        Objects.requireNonNull(listener, "listener");
        patch = patch.withDryRun(false);
    }

    /** The machine's clock and zone, real sleeps, default patch settings, the default state directory. */
    public static WatchRequest defaults(WatchListener listener) {
        return new WatchRequest(Optional.empty(), PatchRequest.defaults(), Clock.systemDefaultZone(), Sleeper.real(),
                Watcher.DEFAULT_MAX_SLEEP, listener, AppRequest.DEFAULT_HEALTH_TIMEOUT);
    }

    public WatchRequest withStateDir(Path dir) {
        return new WatchRequest(Optional.of(dir), patch, clock, sleeper, maxSleep, listener, appHealthTimeout);
    }

    public WatchRequest withPatch(PatchRequest p) {
        return new WatchRequest(stateDir, p, clock, sleeper, maxSleep, listener, appHealthTimeout);
    }

    /** Checked as {@code rolestack app deploy --health-timeout} is (1 s to 1 h). */
    public WatchRequest withAppHealthTimeout(Duration d) {
        AppRequest.all().withHealthTimeout(d);
        return new WatchRequest(stateDir, patch, clock, sleeper, maxSleep, listener, d);
    }

    public WatchRequest withTime(Clock c, Sleeper s) {
        return new WatchRequest(stateDir, patch, c, s, maxSleep, listener, appHealthTimeout);
    }
}
