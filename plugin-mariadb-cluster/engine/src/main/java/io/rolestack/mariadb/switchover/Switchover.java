package io.rolestack.mariadb.switchover;

import io.rolestack.core.events.Progress;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.Status;
import io.rolestack.mariadb.replication.MasterLink;
import io.rolestack.mariadb.replication.ReplicaLinks;
import io.rolestack.mariadb.replication.ReplicationAccount;
import io.rolestack.mariadb.server.DbServer;
import io.rolestack.mariadb.server.SqlClient;
import io.rolestack.mariadb.status.ReplicaLinkStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Moves the primary role to a replica without losing a write — the seed's
 * manual procedure, made safe:
 * <ol>
 * <li>check: the target replicates from the primary and runs without error (else nothing is touched);</li>
 * <li>lock: {@code read_only=1} on the old primary (applications get "read-only" errors, nothing is lost);</li>
 * <li>catch up: {@code MASTER_GTID_WAIT} on the target for the old primary's final {@code gtid_binlog_pos};
 *     past the timeout, roll back: the old primary is made writable again;</li>
 * <li>promote: STOP SLAVE, RESET SLAVE ALL on the target (still read-only);</li>
 * <li>hook: applications are pointed at the new primary ({@link PrimaryChangeHook});</li>
 * <li>unlock: {@code read_only=0} on the target — the new primary;</li>
 * <li>repoint: the old primary and the other replicas replicate from the new one ({@code slave_pos}).</li>
 * </ol>
 * A failure before the unlock rolls back to the old primary; after it, the new
 * primary stays writable and the failed repointing is reported. Either way a
 * writable primary remains. Every step is reported through {@link Progress}.
 */
public final class Switchover {
    private static final Duration LINK_TIMEOUT = Duration.ofSeconds(30);

    private final DbServer oldPrimary;
    private final DbServer target;
    private final List<DbServer> others;
    private final ReplicationAccount account;
    private final PrimaryChangeHook hook;
    private final Progress progress;

    private final List<Result> steps = new ArrayList<>();
    private long lockedAt;
    private boolean hookStarted;
    private long started;

    public Switchover(DbServer oldPrimary, DbServer target, List<DbServer> others, ReplicationAccount account,
                      PrimaryChangeHook hook, Progress progress) {
        this.oldPrimary = oldPrimary;
        this.target = target;
        this.others = List.copyOf(others);
        this.account = account;
        this.hook = hook;
        this.progress = progress;
    }

    public SwitchoverResult run(Duration timeout) {
        started = System.nanoTime();
        if (target == oldPrimary) {
            // Asked for what already is (a re-run pipeline): nothing to do, and nothing failed.
            progress.step(target.name(), "already the primary: nothing to do");
            return result(Status.OK, target, false, target.name() + " is already the primary", "", Duration.ZERO);
        }
        Optional<String> refused = precheck();
        if (refused.isPresent()) {
            progress.step(target.name(), "switchover refused: " + refused.get());
            return result(Status.FAILED, oldPrimary, false, refused.get(), "", Duration.ZERO);
        }

        // 1. lock writes on the old primary
        progress.step(oldPrimary.name(), "locking writes (read_only=1)");
        String pos;
        try {
            // read_only=1 waits for commits in flight, so the position read right after it is final.
            lockedAt = System.nanoTime();
            pos = oldPrimary.sql().value("SET SESSION lock_wait_timeout=" + Math.max(1, timeout.toSeconds())
                    + ";\nSET GLOBAL read_only=1;\nSELECT @@GLOBAL.gtid_binlog_pos AS pos;").orElse("");
        } catch (RuntimeException e) {
            return rollback(false, "cannot lock writes on " + oldPrimary.name() + ": " + e.getMessage(), "");
        }

        // 2. the target applies everything the old primary has
        try {
            progress.step(target.name(), "waiting to apply up to GTID " + (pos.isEmpty() ? "(none)" : pos) + " (timeout " + timeout.toSeconds() + "s)");
            if (!caughtUp(pos, timeout)) {
                String at = target.sql().value("SELECT @@GLOBAL.gtid_slave_pos").orElse("");
                return rollback(false, target.name() + " did not apply up to " + pos + " within " + timeout.toSeconds()
                        + "s (it is at " + at + ")", "");
            }
            String after = oldPrimary.sql().value("SELECT @@GLOBAL.gtid_binlog_pos").orElse("");
            if (!after.equals(pos)) {
                return rollback(false, oldPrimary.name() + " took writes while read-only (" + pos + " -> " + after
                        + "): an account with SUPER or READ_ONLY ADMIN is writing; stop it and retry", "");
            }
        } catch (RuntimeException e) {
            return rollback(false, "catching up failed: " + e.getMessage(), "");
        }

        // 3. promote (still read-only), 4. hook, 5. unlock
        try {
            progress.step(target.name(), "promoting: STOP SLAVE, RESET SLAVE ALL");
            target.sql().execute("STOP SLAVE;\nRESET SLAVE ALL;");
        } catch (RuntimeException e) {
            return rollback(true, "promoting " + target.name() + " failed: " + e.getMessage(), pos);
        }
        try {
            progress.step(target.name(), "primary changing: updating what names the DB host");
            hookStarted = true;
            hook.primaryChanging(oldPrimary.host(), target.host());
        } catch (Exception e) {
            return rollback(true, "primary-change hook failed: " + e.getMessage(), pos);
        }
        try {
            target.sql().execute("SET GLOBAL read_only=0");
        } catch (RuntimeException e) {
            return rollback(true, "cannot make " + target.name() + " writable: " + e.getMessage(), pos);
        }
        Duration blocked = Duration.ofNanos(System.nanoTime() - lockedAt);
        progress.step(target.name(), "is the primary, writable (writes were blocked " + blocked.toMillis() + " ms)");
        steps.add(Result.changed(target.name(), "promote", "primary (writable)", "-replica of " + oldPrimary.name() + "\n+primary\n"));

        // 6. everyone else follows the new primary
        boolean allLinked = true;
        List<DbServer> followers = new ArrayList<>();
        followers.add(oldPrimary);
        followers.addAll(others);
        for (DbServer f : followers) {
            try {
                progress.step(f.name(), "replicating from " + target.name());
                if (f == oldPrimary) {
                    // Its own binlog holds everything it applied: that is where it continues from.
                    f.sql().execute("SET GLOBAL gtid_slave_pos=@@GLOBAL.gtid_binlog_pos");
                }
                ReplicaLinks.point(f, MasterLink.to(target, f, account.user()), account.password());
                ReplicaLinks.awaitRunning(f, LINK_TIMEOUT);
                steps.add(Result.changed(f.name(), "replication link", "from " + target.name(), ""));
            } catch (RuntimeException e) {
                allLinked = false;
                steps.add(Result.failed(f.name(), "replication link", e.getMessage()));
                progress.step(f.name(), "repointing failed: " + e.getMessage());
            }
        }
        String msg = target.name() + " is primary" + (allLinked ? "; all servers replicate from it"
                : "; some servers are not replicating (see steps) — run replicate to repair");
        return result(allLinked ? Status.CHANGED : Status.FAILED, target, false, msg, pos, blocked);
    }

    private Optional<String> precheck() {
        try {
            Optional<ReplicaLinkStatus> link = ReplicaLinkStatus.read(target.sql());
            if (link.isEmpty()) return Optional.of(target.name() + " is not a replica");
            ReplicaLinkStatus l = link.get();
            if (!l.masterHost().equals(oldPrimary.address()) || l.masterPort() != oldPrimary.layout().port()) {
                return Optional.of(target.name() + " replicates from " + l.masterHost() + ":" + l.masterPort() + ", not from " + oldPrimary.name());
            }
            if (!l.running() || !l.error().isEmpty()) {
                return Optional.of(target.name() + " replication is not healthy (IO " + l.ioRunning() + ", SQL " + l.sqlRunning() + ") " + l.error());
            }
            if ("ON".equals(oldPrimary.sql().variables("read_only").get("read_only"))) {
                return Optional.of(oldPrimary.name() + " is read-only already (another switchover running?)");
            }
        } catch (RuntimeException e) {
            return Optional.of("cannot read facts: " + e.getMessage());
        }
        return Optional.empty();
    }

    private boolean caughtUp(String pos, Duration timeout) {
        double secs = timeout.toMillis() / 1000.0;
        String r = target.sql().query("SELECT MASTER_GTID_WAIT(" + SqlClient.literal(pos) + ", " + secs + ") AS w",
                timeout.plusSeconds(60)).get(0).get("w");
        return "0".equals(r);
    }

    /** Back to the old primary: the target replicates from it again (if it was detached), the old primary takes writes. */
    private SwitchoverResult rollback(boolean targetDetached, String reason, String pos) {
        progress.step(oldPrimary.name(), "switchover failed: " + reason + " — rolling back");
        if (targetDetached) {
            try {
                ReplicaLinks.point(target, MasterLink.to(oldPrimary, target, account.user()), account.password());
                steps.add(Result.changed(target.name(), "rollback", "replica of " + oldPrimary.name() + " again", ""));
            } catch (RuntimeException e) {
                steps.add(Result.failed(target.name(), "rollback", "cannot re-link to " + oldPrimary.name() + ": " + e.getMessage()));
            }
        }
        String msg = reason + "; rolled back, " + oldPrimary.name() + " is primary";
        try {
            oldPrimary.sql().execute("SET GLOBAL read_only=0");
            steps.add(Result.changed(oldPrimary.name(), "rollback", "writable again", "-read_only=ON\n+read_only=OFF\n"));
            progress.step(oldPrimary.name(), "writable again");
        } catch (RuntimeException e) {
            msg = reason + "; ROLLBACK FAILED, " + oldPrimary.name() + " may still be read-only: " + e.getMessage();
            steps.add(Result.failed(oldPrimary.name(), "rollback", "cannot make writable: " + e.getMessage()));
            progress.step(oldPrimary.name(), "CANNOT make writable again: " + e.getMessage());
        }
        if (hookStarted) {
            // The hook may have re-pointed some apps at the target before it failed: point them back.
            try {
                hook.primaryChanging(target.host(), oldPrimary.host());
                steps.add(Result.changed(oldPrimary.name(), "rollback", "what names the DB host names "
                        + oldPrimary.name() + " again", ""));
            } catch (Exception e) {
                msg += "; configs naming the DB host may still name " + target.name() + ": " + e.getMessage();
                steps.add(Result.failed(oldPrimary.name(), "rollback", "cannot re-render what names the DB host: " + e.getMessage()));
            }
        }
        Duration blocked = lockedAt == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - lockedAt);
        return result(Status.FAILED, oldPrimary, true, msg, pos, blocked);
    }

    private SwitchoverResult result(Status s, DbServer primary, boolean rolledBack, String msg, String pos, Duration blocked) {
        return new SwitchoverResult(oldPrimary.name(), target.name(), s, primary.name(), rolledBack, msg, pos, blocked,
                Duration.ofNanos(System.nanoTime() - started), steps);
    }
}
