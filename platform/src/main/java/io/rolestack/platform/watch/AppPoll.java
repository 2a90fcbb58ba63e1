package io.rolestack.platform.watch;

import java.util.Objects;

/**
 * The decision of one poll of an app's repo: deploy or not, from what watch remembers ({@link AppRecord}) and the
 * commit the ref is at now. Pure (no I/O), so every case is checked against a real repo's moves in a unit test.
 *
 * <ul>
 *   <li>the ref is at the last deployed commit: nothing to do;</li>
 *   <li>it is at the commit whose deploy failed last: nothing either, until the ref moves (a failed health check
 *   would fail again, and every retry would serve the broken release until it is rolled back);</li>
 *   <li>anything else, including the first poll with no state: deploy. A deploy whose inputs are unchanged does
 *   nothing on the hosts, so a first poll of an app the hosts already run only records its commit.</li>
 * </ul>
 */
public final class AppPoll {
    public enum Action {
        DEPLOY, UP_TO_DATE, FAILED_BEFORE
    }

    /** @param reason one line for the log: where the ref is and why that means {@code action} */
    public record Decision(Action action, String reason) {
        public Decision {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(reason, "reason");
        }

        public boolean deploy() {
            return action == Action.DEPLOY;
        }
    }

    private AppPoll() {
    }

    /** @param ref the app's ref as the spec names it, for the reason; @param commit where it is now (40 hex digits) */
    public static Decision decide(String ref, AppRecord known, String commit) {
        String at = ref + " is at " + shortId(commit);
        if (known.deployedCommit().filter(commit::equals).isPresent()) {
            return new Decision(Action.UP_TO_DATE, at + ", deployed");
        }
        if (known.failedCommit().filter(commit::equals).isPresent()) {
            return new Decision(Action.FAILED_BEFORE, at + ", whose deploy failed: not retried until " + ref + " moves");
        }
        if (known.deployedCommit().isEmpty() && known.failedCommit().isEmpty()) {
            return new Decision(Action.DEPLOY, at + "; no deploy by watch recorded yet: deploying (nothing changes on hosts that run it already)");
        }
        return new Decision(Action.DEPLOY, ref + " moved to " + shortId(commit) + " ("
                + known.deployedCommit().map(c -> "last deployed " + shortId(c)).orElse("none deployed by watch yet")
                + known.failedCommit().map(f -> ", " + shortId(f) + " failed").orElse("") + "): deploying");
    }

    /** The first 12 hex digits, as people read commits. */
    public static String shortId(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}
