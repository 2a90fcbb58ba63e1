package io.rolestack.core.ops;

import io.rolestack.core.facts.FactQuery;
import io.rolestack.core.result.Result;

import java.util.List;

/**
 * One idempotent piece of desired state (a package, a file, a service …).
 * {@link #apply} compares it with the host's facts and changes the host only
 * where they differ, through {@link HostContext#change}; with acting switched
 * off the same call is the plan.
 */
public interface Operation {
    /** "package nginx", "file /etc/nginx/conf.d/upstream.conf". */
    String name();

    /** Adds what this operation needs to know about the host to the one fact round trip. */
    void ask(FactQuery q);

    List<Result> apply(HostContext ctx);

    /** The role that asked for it, for messages. */
    String role();
}
