/**
 * Patching: every host's updates applied, rolling and health-gated.
 * {@link io.rolestack.patch.HostPatcher} (apt on one host), {@link io.rolestack.patch.RollingOrder}
 * (waves by role, database and jump host last), {@link io.rolestack.patch.PatchRoll} (the roll: a host's health
 * must hold before the next wave), {@link io.rolestack.patch.PatchLock} (one run per environment, on the jump host).
 */
package io.rolestack.patch;
