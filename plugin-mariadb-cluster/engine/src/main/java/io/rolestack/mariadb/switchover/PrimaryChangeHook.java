package io.rolestack.mariadb.switchover;

import io.rolestack.core.inventory.Host;

/**
 * What a switchover runs to point applications at the new primary (re-render
 * and reload the app configs that name the DB host; the role engine plugs in
 * here). Two phases, so the slow part can happen while writes still flow:
 * <ol>
 * <li>{@link #prepare}: before writes are blocked — render what the new configs
 *     will be, without changing what applications use (a prepared change that
 *     is never committed is simply not used). Throwing refuses the switchover:
 *     nothing has been touched.</li>
 * <li>{@link #primaryChanging} (the commit): while writes are blocked — the old
 *     primary is read-only, the new one not yet writable (it may still be
 *     applying the old one's last writes; applications pointed at it early get
 *     "read-only" errors, nothing is lost). Keep it short: it is part of the
 *     downtime. Throwing aborts the switchover, which then rolls back to the old
 *     primary and runs the hook once more, the other way round (prepare, then
 *     commit), so no app stays pointed at the target.</li>
 * </ol>
 * A one-method hook (a lambda) does all its work in {@link #primaryChanging}.
 */
@FunctionalInterface
public interface PrimaryChangeHook {
    /** The commit: applications now use {@code newPrimary}. Runs while writes are blocked. */
    void primaryChanging(Host oldPrimary, Host newPrimary) throws Exception;

    /** Before writes are blocked: prepare {@link #primaryChanging}'s change without applying it. Nothing by default. */
    default void prepare(Host oldPrimary, Host newPrimary) throws Exception {
    }

    PrimaryChangeHook NONE = (oldPrimary, newPrimary) -> { };
}
