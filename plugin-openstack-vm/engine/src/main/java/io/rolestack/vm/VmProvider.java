package io.rolestack.vm;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.result.Result;

import java.util.List;

/**
 * Where hosts come from: OpenStack servers or local Debian hosts. Every call is
 * idempotent by host name: creating what exists reports {@code ok}.
 */
public interface VmProvider extends AutoCloseable {
    /** "openstack" or "local". */
    String type();

    /** Creates the hosts that do not exist yet (concurrently, bounded); one result per request. */
    List<Result> create(List<VmRequest> requests, Progress progress);

    /**
     * Read-only: how existing hosts differ from their requests (size, image, network, security
     * groups), one {@code changed} Result per host that differs, naming what; nothing for hosts that
     * match or do not exist. Providers with nothing to compare return none.
     */
    default List<Result> drift(List<VmRequest> requests) {
        return List.of();
    }

    /** The hosts of an environment as they are now. */
    Inventory list(String environment);

    Result delete(HostName name, Progress progress);

    Result hardReboot(HostName name, Progress progress);

    @Override
    default void close() {
    }
}
