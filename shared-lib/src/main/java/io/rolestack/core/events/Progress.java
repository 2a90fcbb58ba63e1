package io.rolestack.core.events;

import io.rolestack.core.result.Result;

/** Progress of long work, fed by engines; the CLI prints it, Jenkins logs it to the TaskListener. */
public interface Progress {
    /** Something is happening on a host ("installing nginx", "waiting for ACTIVE"). */
    void step(String host, String message);

    /** An operation finished on a host. */
    default void result(Result result) {
        step(result.host(), result.status().name().toLowerCase() + " " + result.operation()
                + (result.message().isEmpty() ? "" : ": " + result.message()));
    }

    Progress NONE = (host, message) -> { };
}
