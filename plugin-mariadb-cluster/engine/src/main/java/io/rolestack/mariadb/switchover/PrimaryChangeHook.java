package io.rolestack.mariadb.switchover;

import io.rolestack.core.inventory.Host;

/**
 * Called during a switchover once the new primary has every write of the old
 * one and before it accepts writes: the place to re-render and reload the app
 * configs that name the DB host (the role engine plugs in here). Throwing
 * aborts the switchover, which then rolls back to the old primary and calls
 * the hook once more, the other way round, so no app stays pointed at the target.
 */
@FunctionalInterface
public interface PrimaryChangeHook {
    void primaryChanging(Host oldPrimary, Host newPrimary) throws Exception;

    PrimaryChangeHook NONE = (oldPrimary, newPrimary) -> { };
}
