package io.rolestack.vm.local;

import io.rolestack.core.naming.HostName;

import java.util.Arrays;
import java.util.List;

/**
 * {@code up} in its own JVM, for the crash-safety test to kill -9.
 * Arguments: internal subnet, outside subnet, environment, jump host, other hosts.
 */
public final class UpInChildProcess {
    private UpInChildProcess() {
    }

    public static void main(String[] args) {
        LocalSettings s = LocalSettings.defaults().withSubnets(Ipv4Subnet.parse(args[0]), Ipv4Subnet.parse(args[1]));
        String env = args[2];
        HostName jump = HostName.parse(args[3] + "." + env + ".test");
        List<HostName> others = Arrays.stream(args, 4, args.length).map(h -> HostName.parse(h + "." + env + ".test")).toList();
        new LocalPlatform(s).up(others, jump, (host, message) -> System.out.println(host + ": " + message));
        System.out.println("up finished");
    }
}
