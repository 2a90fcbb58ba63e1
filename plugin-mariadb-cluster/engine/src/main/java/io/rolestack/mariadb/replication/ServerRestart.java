package io.rolestack.mariadb.replication;

import io.rolestack.core.remote.Command;
import io.rolestack.core.wait.Wait;
import io.rolestack.mariadb.server.DbServer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Restarting a server (an option file changed, a datadir was seeded) and waiting until it answers queries again. */
final class ServerRestart {
    /** How long the layout's restart script may take. */
    static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);

    private ServerRestart() {
    }

    /**
     * Runs the layout's restart script, then waits up to {@code answerWithin} for a query to succeed; the error says
     * {@code when} ("60s after restart") and the last connection error seen.
     */
    static void restartAndAwait(DbServer s, Duration answerWithin, String when) {
        s.remote().run(Command.sudo(s.layout().restartScript()).withTimeout(SCRIPT_TIMEOUT));
        AtomicReference<String> lastError = new AtomicReference<>("");
        Wait.upTo(answerWithin).every(Duration.ofMillis(200)).until(() -> {
            try {
                s.sql().value("SELECT 1");
                return true;
            } catch (RuntimeException e) {
                lastError.set(e.getMessage());
                return false;
            }
        }, () -> new ReplicationException(s.name() + ": MariaDB does not answer " + when + ": " + lastError.get()));
    }
}
