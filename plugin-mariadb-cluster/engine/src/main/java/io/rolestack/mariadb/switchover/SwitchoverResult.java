package io.rolestack.mariadb.switchover;

import io.rolestack.core.result.Result;
import io.rolestack.core.result.Status;

import java.time.Duration;
import java.util.List;

/**
 * What a switchover did.
 *
 * @param from        the primary before
 * @param to          the replica asked to become primary
 * @param status      CHANGED when {@code to} is primary; FAILED otherwise (see rolledBack); OK when {@code to} already was primary
 * @param primary     the writable primary afterwards
 * @param rolledBack  true when it stopped part-way and made {@code from} writable again
 * @param message     one line for people; for failures, the reason
 * @param gtidPosition the old primary's final gtid_binlog_pos the new one applied up to ("" if not reached)
 * @param writesBlocked time between the old primary turning read-only and a primary being writable again
 * @param took        wall time
 * @param steps       per-host results (repointing, rollback)
 */
public record SwitchoverResult(String from, String to, Status status, String primary, boolean rolledBack, String message,
                               String gtidPosition, Duration writesBlocked, Duration took, List<Result> steps) {
    public SwitchoverResult {
        steps = List.copyOf(steps);
    }

    public boolean succeeded() {
        return status != Status.FAILED;
    }
}
