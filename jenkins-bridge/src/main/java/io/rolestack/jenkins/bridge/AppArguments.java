package io.rolestack.jenkins.bridge;

import java.io.Serializable;

/**
 * The options of {@code rolestackAppDeploy} (unset = null: the CLI's defaults), as plain serializable values.
 * The rollback target is {@link CallArguments#to()}.
 *
 * @param app                  the app ({@code rolestack app deploy APP}; unset: every app of the spec)
 * @param healthTimeoutSeconds how long a switched release gets to answer its health check ({@code --health-timeout}, default 30)
 */
public record AppArguments(String app, Integer healthTimeoutSeconds) implements Serializable {
    public static AppArguments none() {
        return new AppArguments(null, null);
    }
}
