package io.rolestack.mariadb.replication;

import io.rolestack.core.wait.Wait;
import io.rolestack.mariadb.server.DbServer;
import io.rolestack.mariadb.status.ReplicaLinkStatus;
import io.rolestack.core.secrets.Secret;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Pointing a server at a primary and watching the link come up. */
public final class ReplicaLinks {
    /** Three connect retries (MASTER_CONNECT_RETRY=2). */
    static final Duration FAIL_FAST_AFTER = Duration.ofSeconds(6);
    private static final Duration POLL = Duration.ofMillis(300);

    private ReplicaLinks() {
    }

    /** STOP SLAVE, CHANGE MASTER to {@code link}, START SLAVE. */
    public static void point(DbServer replica, MasterLink link, Secret password) {
        replica.sql().executeWithSecret("STOP SLAVE;\n" + link.changeMaster(password) + ";\nSTART SLAVE;\n");
    }

    /**
     * Waits until both threads run. Fails early when the IO thread has kept an
     * error for a few connect retries (a bad certificate does not get better by
     * waiting; a primary that is restarting does), when the SQL thread stopped
     * on an error, or at the deadline — with the replica's own error text.
     */
    public static ReplicaLinkStatus awaitRunning(DbServer replica, Duration timeout) {
        long start = System.nanoTime();
        long ioGrace = Math.min(timeout.toNanos(), FAIL_FAST_AFTER.toNanos());
        AtomicReference<ReplicaLinkStatus> last = new AtomicReference<>();
        return Wait.upTo(timeout).every(POLL).forValue(() -> {
            ReplicaLinkStatus s = ReplicaLinkStatus.read(replica.sql())
                    .orElseThrow(() -> new ReplicationException(replica.name() + ": has no replication link"));
            last.set(s);
            if (s.running()) return Optional.of(s);
            boolean ioFailed = !"Yes".equals(s.ioRunning()) && s.lastIoErrno() != 0 && System.nanoTime() - start > ioGrace;
            boolean sqlFailed = "No".equals(s.sqlRunning()) && s.lastSqlErrno() != 0;
            if (ioFailed || sqlFailed) throw notRunning(replica, s, timeout);
            return Optional.empty();
        }, () -> notRunning(replica, last.get(), timeout));
    }

    private static ReplicationException notRunning(DbServer replica, ReplicaLinkStatus last, Duration timeout) {
        return new ReplicationException(replica.name() + ": replication from " + last.masterHost() + ":" + last.masterPort()
                + " is not running (IO " + last.ioRunning() + ", SQL " + last.sqlRunning() + ")"
                + (last.error().isEmpty() ? " after " + timeout.toSeconds() + "s" : ": " + last.error()));
    }
}
