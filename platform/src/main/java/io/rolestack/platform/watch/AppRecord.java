package io.rolestack.platform.watch;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the state file keeps of one app that watch polls: the last commit it deployed (or found deployed) and, since
 * then, the last commit whose deploy failed, which it does not deploy again.
 *
 * @param deployedCommit  the commit of the app's ref the last good deploy by watch was for
 * @param deployedRelease that deploy's release id
 * @param deployedAt      when it ended
 * @param failedCommit    a commit whose deploy failed after the last good one: not retried until the ref moves
 * @param failedAt        when that deploy ended
 * @param failedSummary   its one-line reason
 */
public record AppRecord(Optional<String> deployedCommit, Optional<String> deployedRelease, Optional<Instant> deployedAt,
                        Optional<String> failedCommit, Optional<Instant> failedAt, Optional<String> failedSummary) {
    public static final AppRecord NONE = new AppRecord(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public AppRecord {
        Objects.requireNonNull(deployedCommit, "deployedCommit");
        Objects.requireNonNull(deployedRelease, "deployedRelease");
        Objects.requireNonNull(deployedAt, "deployedAt");
        Objects.requireNonNull(failedCommit, "failedCommit");
        Objects.requireNonNull(failedAt, "failedAt");
        Objects.requireNonNull(failedSummary, "failedSummary");
    }

    /** A good deploy of {@code commit}: an earlier failure is forgotten (that commit may be deployed again if the ref returns to it). */
    public AppRecord deployed(String commit, String release, Instant at) {
        return new AppRecord(Optional.of(commit), Optional.of(release), Optional.of(at), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A failed deploy of {@code commit}; the last good one is kept. */
    public AppRecord failed(String commit, Instant at, String summary) {
        return new AppRecord(deployedCommit, deployedRelease, deployedAt, Optional.of(commit), Optional.of(at), Optional.of(summary));
    }

    /** For logs: what is known, in one phrase. */
    public String describe() {
        String d = deployedCommit.map(c -> "last deployed commit " + AppPoll.shortId(c) + deployedRelease.map(r -> " (release " + r + ")").orElse(""))
                .orElse("nothing deployed by watch yet");
        return d + failedCommit.map(f -> "; commit " + AppPoll.shortId(f) + " failed, not retried").orElse("");
    }
}
