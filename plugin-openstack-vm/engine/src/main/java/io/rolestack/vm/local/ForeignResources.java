package io.rolestack.vm.local;

import io.rolestack.core.remote.Remote;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
        List<Journal.Entry> candidates = new ArrayList<>();
        for (String link : List.of(n.bridge(), n.bridgePort(LinkNames.GATEWAY), n.outsideLink(LinkNames.GATEWAY), n.outsideLink(jump))) {
            candidates.add(new Journal.Entry(Journal.Kind.LINK, link));
        }
        candidates.add(new Journal.Entry(Journal.Kind.NETNS, n.netns(LinkNames.GATEWAY)));
        for (String s : shortNames) {
            candidates.add(new Journal.Entry(Journal.Kind.LINK, n.bridgePort(s)));
            candidates.add(new Journal.Entry(Journal.Kind.NETNS, n.netns(s)));
        }
        candidates.add(new Journal.Entry(Journal.Kind.IPTABLES_CHAIN, n.chain()));
        StringBuilder script = new StringBuilder();
        for (Journal.Entry c : candidates) {
            script.append("! ").append(JournaledResources.exists(c.kind(), c.value())).append(" || echo ")
                    .append(quote(c.kind() + " " + c.value())).append('\n');
        }
        script.append("true");
        Set<Journal.Entry> made = Set.copyOf(journal.entries());
        List<String> foreign = new ArrayList<>();
        for (String line : machine.run(script.toString()).stdout().split("\n")) {
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
