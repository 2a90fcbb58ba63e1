package io.rolestack.cli;

import io.rolestack.core.naming.HostName;
import io.rolestack.core.net.Port;
import io.rolestack.core.spec.PlatformSpec;

import java.util.List;

/** The role catalog as the CLI sees it (ports for security groups). */
final class Roles {
    private Roles() {
    }

    interface PortSource {
        List<Port> ports(HostName host);
    }

    static PortSource catalog(PlatformSpec spec) {
        // Filled from the role catalog once the role engine is wired in.
        return host -> List.of();
    }
}
