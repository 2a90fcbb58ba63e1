package io.rolestack.vm.local;

import io.rolestack.core.remote.Remote;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.rolestack.core.remote.Shell.quote;

/**
 * What up would make for an environment that already exists on this machine but is not in this state directory's
 * journal. Kernel objects are named after the environment, so they are found by name, but being found is not being
 * ours: another state directory may hold the same environment, or a killed run with another state directory left
 * them (its namespaces may still run its sshd, its chain still ends in DROP). Up reuses only what its journal says
 * it made; anything else stops it before it changes anything, naming what was found.
 */
final class ForeignResources {
    private ForeignResources() {
    }

    /** {@code kind value} of each resource of these hosts (and the environment's network) found but not journalled. */
    static List<String> find(Remote machine, LinkNames n, List<String> shortNames, String jump, Journal journal) {
        List<String> links = new ArrayList<>(List.of(n.bridge(), n.bridgePort(LinkNames.GATEWAY), n.outsideLink(LinkNames.GATEWAY),
                n.outsideLink(jump)));
        List<String> namespaces = new ArrayList<>(List.of(n.netns(LinkNames.GATEWAY)));
        for (String s : shortNames) {
            links.add(n.bridgePort(s));
            namespaces.add(n.netns(s));
        }
        String script = String.join("\n",
                "for l in " + String.join(" ", links) + "; do ! ip link show \"$l\" >/dev/null 2>&1 || echo \"LINK $l\"; done",
                "for ns in " + namespaces.stream().map(ns -> quote(ns)).collect(Collectors.joining(" "))
                        + "; do [ ! -e \"/run/netns/$ns\" ] || echo \"NETNS $ns\"; done",
                "! iptables -w -n -L " + n.chain() + " >/dev/null 2>&1 || echo \"IPTABLES_CHAIN " + n.chain() + "\"",
                "true");
        Set<Journal.Entry> made = Set.copyOf(journal.entries());
        List<String> foreign = new ArrayList<>();
        for (String line : machine.run(script).stdout().split("\n")) {
            int space = line.indexOf(' ');
            if (space < 0) continue;
            Journal.Kind kind = Journal.Kind.valueOf(line.substring(0, space));
            String value = line.substring(space + 1);
            if (!made.contains(new Journal.Entry(kind, value))) foreign.add(describe(kind) + " " + value);
        }
        return foreign;
    }

    private static String describe(Journal.Kind kind) {
        return switch (kind) {
            case NETNS -> "netns";
            case LINK -> "link";
            case IPTABLES_CHAIN -> "iptables chain";
            default -> kind.name().toLowerCase();
        };
    }
}
