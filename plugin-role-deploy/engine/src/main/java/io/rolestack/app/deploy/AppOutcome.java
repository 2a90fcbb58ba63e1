package io.rolestack.app.deploy;

import io.rolestack.core.result.Result;

import java.util.List;
import java.util.Optional;

/**
 * What a deploy or rollback of one app did: the release it was about, the one current before, the outcome,
 * one result per host and step, and a sentence for people.
 */
public record AppOutcome(String app, String release, Optional<String> previous, Status status, List<Result> results,
                         String message) {
    public enum Status {
        /** Every host already had this release current: nothing changed. */
        UNCHANGED,
        /** The release is current everywhere and healthy. */
        DEPLOYED,
        /** An explicit rollback switched every host back. */
        ROLLED_BACK,
        /** Something failed; after a switch, the hosts were rolled back to {@link #previous} and the release marked BAD. */
        FAILED
    }

    public AppOutcome {
        results = List.copyOf(results);
    }

    public boolean ok() {
        return status != Status.FAILED;
    }

    public long changed() {
        return results.stream().filter(Result::changed).count();
    }
}
