package io.rolestack.mariadb.replication;

import io.rolestack.mariadb.server.DbServer;
import io.rolestack.mariadb.status.ReplicaLinkStatus;
import io.rolestack.mariadb.tls.Secret;

import java.time.Duration;
import java.util.Optional;

/** Pointing a server at a primary and watching the link come up. */
public final class ReplicaLinks {
    private ReplicaLinks() {
    }

    /** STOP SLAVE, CHANGE MASTER to {@code link}, START SLAVE. */
    public static void point(DbServer replica, MasterLink link, Secret password) {
        replica.sql().executeWithSecret("STOP SLAVE;\n" + link.changeMaster(password) + ";\nSTART SLAVE;\n");
    }

    /**
     * Waits until both threads run. Fails as soon as the IO thread reports an
     * error while not running (a bad certificate does not get better by waiting),
     * or at the deadline, with the replica's own error text.
     */
    public static ReplicaLinkStatus awaitRunning(DbServer replica, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ReplicaLinkStatus last = null;
        int polls = 0;
        while (true) {
            Optional<ReplicaLinkStatus> s = ReplicaLinkStatus.read(replica.sql());
            if (s.isEmpty()) throw new ReplicationException(replica.name() + ": has no replication link");
            last = s.get();
            if (last.running()) return last;
            polls++;
            boolean ioFailed = !"Yes".equals(last.ioRunning()) && last.lastIoErrno() != 0 && polls > 1;
            boolean sqlFailed = "No".equals(last.sqlRunning()) && last.lastSqlErrno() != 0;
            if (ioFailed || sqlFailed || System.nanoTime() > deadline) {
                throw new ReplicationException(replica.name() + ": replication from " + last.masterHost() + ":" + last.masterPort()
                        + " is not running (IO " + last.ioRunning() + ", SQL " + last.sqlRunning() + ")"
                        + (last.error().isEmpty() ? " after " + timeout.toSeconds() + "s" : ": " + last.error()));
            }
            sleep(Duration.ofMillis(300));
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplicationException("interrupted", e);
        }
    }
}
