package io.rolestack.platform.watch;

import java.util.Objects;

/**
 * How one run of a job ended.
 *
 * @param ok      the run did what it should (a patch roll that stopped or failed is not ok)
 * @param summary one line for the log and the state file
 */
public record JobOutcome(boolean ok, String summary) {
    public JobOutcome {
        Objects.requireNonNull(summary, "summary");
    }

    public static JobOutcome ok(String summary) {
        return new JobOutcome(true, summary);
    }

    public static JobOutcome failed(String summary) {
        return new JobOutcome(false, summary);
    }
}
