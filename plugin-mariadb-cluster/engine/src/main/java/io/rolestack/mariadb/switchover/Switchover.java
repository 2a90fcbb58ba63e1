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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Moves the primary role to a replica without losing a write — the seed's
 * manual procedure, made safe:
 * <ol>
 * <li>check: the target replicates from the primary and runs without error (else nothing is touched);</li>
 * <li>prepare: {@link PrimaryChangeHook#prepare}, while writes still flow (a failure refuses the switchover);</li>
 * <li>lock: {@code read_only=1} on the old primary (applications get "read-only" errors, nothing is lost);</li>
 * <li>catch up and promote, in one round trip on the target: {@code MASTER_GTID_WAIT} for the old primary's
 *     final {@code gtid_binlog_pos}, and only if it got there STOP SLAVE, RESET SLAVE ALL (still read-only);
 *     past the timeout, roll back: the old primary is made writable again. Then the old primary's position is
 *     read once more: a write that slipped past read-only rolls back too;</li>
 * <li>hook, at the same time as the catch-up: applications are pointed at the target
 *     ({@link PrimaryChangeHook#primaryChanging}); until the unlock it refuses their writes as read-only;</li>
 * <li>unlock: {@code read_only=0} on the target — the new primary — once both the above succeeded;</li>
 * <li>repoint: the old primary and the other replicas replicate from the new one ({@code slave_pos}).</li>
 * </ol>
 * Writes are blocked from the lock to the unlock: the lock, then the longer of the hook's commit and the
 * two round trips of catch-up-and-promote and the position check, then the unlock.
 * A failure before the unlock rolls back to the old primary (the target re-linked to it, read-only, the hook
 * run the other way round); after it, the new primary stays writable and the failed repointing is reported. Either way a
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
    private boolean unlockAttempted;
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

        // 0. before writes are blocked: what the hook can do without changing what apps use
        try {
            progress.step(target.name(), "preparing what names the DB host");
            hook.prepare(oldPrimary.host(), target.host());
        } catch (Exception e) {
            String why = "primary-change hook could not prepare: " + e.getMessage();
            progress.step(target.name(), "switchover refused: " + why);
            return result(Status.FAILED, oldPrimary, false, why + "; nothing was changed", "", Duration.ZERO);
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

        // 2. + 3. the hook points the apps at the target while the target catches up and is promoted (still read-only)
        progress.step(target.name(), "waiting to apply up to GTID " + (pos.isEmpty() ? "(none)" : pos) + " (timeout "
                + timeout.toSeconds() + "s), then promoting; meanwhile: updating what names the DB host");
        hookStarted = true;
        CompletableFuture<Void> hookRun = CompletableFuture.runAsync(() -> {
            try {
                hook.primaryChanging(oldPrimary.host(), target.host());
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, Switchover::hookThread);
        String caughtUpFailure = null;
        boolean targetDetached = false;
        try {
            Optional<String> behind = catchUpAndPromote(pos, timeout);
            if (behind.isPresent()) {
                caughtUpFailure = target.name() + " did not apply up to " + pos + " within " + timeout.toSeconds()
                        + "s (it is at " + behind.get() + ")";
            } else {
                targetDetached = true;
                // Written after the lock (an account with SUPER or READ_ONLY ADMIN)? Then the target lacks it.
                String after = oldPrimary.sql().value("SELECT @@GLOBAL.gtid_binlog_pos").orElse("");
                if (!after.equals(pos)) {
                    caughtUpFailure = oldPrimary.name() + " took writes while read-only (" + pos + " -> " + after
                            + "): an account with SUPER or READ_ONLY ADMIN is writing; stop it and retry";
                }
            }
        } catch (RuntimeException e) {
            targetDetached = true; // it may have been promoted before the failure: re-link it in any case
            caughtUpFailure = "catching up and promoting " + target.name() + " failed: " + e.getMessage();
        }
        String hookFailure = hookFailure(hookRun);
        if (caughtUpFailure != null) {
            return rollback(targetDetached, caughtUpFailure + (hookFailure == null ? "" : "; primary-change hook failed too: " + hookFailure), pos);
        }
        if (hookFailure != null) return rollback(true, "primary-change hook failed: " + hookFailure, pos);

        // 4. unlock: the target takes writes
        try {
            unlockAttempted = true;
            target.sql().execute("SET GLOBAL read_only=0");
        } catch (RuntimeException e) {
            return rollback(true, "cannot make " + target.name() + " writable: " + e.getMessage(), pos);
        }
        Duration blocked = Duration.ofNanos(System.nanoTime() - lockedAt);
        progress.step(target.name(), "is the primary, writable (writes were blocked " + blocked.toMillis() + " ms)");
        steps.add(Result.changed(target.name(), "promote", "primary (writable)", "-replica of " + oldPrimary.name() + "\n+primary\n"));

        // 5. everyone else follows the new primary
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

    /**
     * One round trip on the target: wait until it applied {@code pos}, and only then STOP SLAVE, RESET SLAVE ALL
     * (it stays read-only). Empty when promoted; else where it is (it was not touched).
     */
    private Optional<String> catchUpAndPromote(String pos, Duration timeout) {
        double secs = timeout.toMillis() / 1000.0;
        Map<String, String> r = target.sql().query("DELIMITER ;;\nBEGIN NOT ATOMIC\n"
                + "  IF MASTER_GTID_WAIT(" + SqlClient.literal(pos) + ", " + secs + ") = 0 THEN\n"
                + "    STOP SLAVE; RESET SLAVE ALL; SELECT 'promoted' AS r, '' AS at;\n"
                + "  ELSE\n    SELECT 'behind' AS r, @@GLOBAL.gtid_slave_pos AS at;\n  END IF;\nEND;;\nDELIMITER ;\n",
                timeout.plusSeconds(60)).get(0);
        if ("promoted".equals(r.get("r"))) return Optional.empty();
        return Optional.of(Objects.requireNonNullElse(r.get("at"), ""));
    }

    /** Waits for the hook (it has no deadline of its own); its failure's message, or null. */
    private static String hookFailure(CompletableFuture<Void> hookRun) {
        try {
            hookRun.join();
            return null;
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return String.valueOf(cause.getMessage());
        }
    }

    private static void hookThread(Runnable r) {
        Thread t = new Thread(r, "switchover-hook");
        t.setDaemon(true);
        t.start();
    }

    /** Back to the old primary: the target replicates from it again (if it was detached), the old primary takes writes. */
    private SwitchoverResult rollback(boolean targetDetached, String reason, String pos) {
        progress.step(oldPrimary.name(), "switchover failed: " + reason + " — rolling back");
        if (unlockAttempted) {
            // The unlock may have reached the target before its failure showed: it must not take writes now.
            try {
                target.sql().execute("SET GLOBAL read_only=1");
            } catch (RuntimeException e) {
                steps.add(Result.failed(target.name(), "rollback", "cannot make read-only again: " + e.getMessage()));
            }
        }
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
                hook.prepare(target.host(), oldPrimary.host());
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
