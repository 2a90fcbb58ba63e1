package io.rolestack.jenkins.bridge;

import java.io.Serializable;

/**
 * The options of {@code rolestackPatch} (unset = null: the CLI's defaults), as
 * plain serializable values; {@link Requests#patch()} checks them.
 *
 * @param dryRun               only list per host the upgradable packages and whether a reboot would follow
 *                             ({@code --dry-run}, default false)
 * @param junit                the JUnit XML file, relative to the workspace ({@code --junit}, default {@value Requests#DEFAULT_PATCH_JUNIT})
 * @param healthTimeoutSeconds how long a patched (rebooted) host gets to pass its health checks ({@code --health-timeout}, default 180)
 * @param dpkgLockWaitSeconds  how long apt waits for a dpkg lock another process holds ({@code --dpkg-lock-wait}, default 600)
 */
public record PatchArguments(Boolean dryRun, String junit, Integer healthTimeoutSeconds, Integer dpkgLockWaitSeconds)
        implements Serializable {
    public static PatchArguments none() {
        return new PatchArguments(null, null, null, null);
    }
}
