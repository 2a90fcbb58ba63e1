package io.rolestack.vm.local;

import io.rolestack.core.events.Progress;
import io.rolestack.core.files.AtomicFile;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.Remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.rolestack.core.remote.Shell.quote;

/**
 * The local hosts' network on this machine: per environment a bridge, the egress gateway namespace and the
 * machine's forwarding rules; per host its namespace, its port on the bridge (eth0) and, for the jump host and
 * the gateway, a link to the machine (eth1). Everything made is journalled first ({@link JournaledResources}).
 */
final class LocalNetwork {
    private final LocalSettings settings;
    private final Remote machine;
    private final JournaledResources resources;
    private final Supplier<ExclusiveLock> stateRootLock;

    LocalNetwork(LocalSettings settings, Remote machine, JournaledResources resources, Supplier<ExclusiveLock> stateRootLock) {
        this.settings = settings;
        this.machine = machine;
        this.resources = resources;
        this.stateRootLock = stateRootLock;
    }

    /**
     * The bridge, an unreachable route for the internal subnet (so this machine
     * never sends its packets to its own default gateway), the egress gateway
     * namespace and the machine's forwarding rules for the outside links.
     */
    boolean ensure(PlatformState state, LinkNames n, Journal journal, Progress progress) {
        boolean changed = false;
        String br = n.bridge();
        changed |= resources.ensure(journal, Journal.Kind.LINK, br, JournaledResources.exists(Journal.Kind.LINK, br),
                "ip link add " + br + " type bridge && " + noIpv6(br) + " && ip link set " + br + " up");
        String route = "unreachable " + state.internal();
        changed |= resources.ensure(journal, Journal.Kind.ROUTE, route, JournaledResources.exists(Journal.Kind.ROUTE, route), "ip route add " + route);
        // The egress gateway: a namespace on the bridge (.1) with a link to the machine; it forwards only
        // new connections from the bridge to tcp 80/443 and DNS, and NATs them out.
        Ipv4Subnet gwLink = state.gatewayLink();
        changed |= namespace(n, LinkNames.GATEWAY, journal);
        changed |= bridgePort(n, LinkNames.GATEWAY, journal);
        changed |= outsideLink(n, LinkNames.GATEWAY, gwLink.address(1), journal);
        configureInside(n.netns(LinkNames.GATEWAY), state.internal(), state.internal().address(1), gwLink.address(2), gwLink.address(1), true);
        machine.run("ip netns exec " + n.netns(LinkNames.GATEWAY) + " sh -ec " + quote(String.join("\n",
                "add() { t=$1; shift; iptables -w -t $t -C \"$@\" 2>/dev/null || iptables -w -t $t -A \"$@\"; }",
                "iptables -w -P FORWARD DROP",
                "add filter FORWARD -i eth0 -o eth1 -p tcp -m multiport --dports 80,443 -j ACCEPT",
                "add filter FORWARD -i eth0 -o eth1 -p udp --dport 53 -j ACCEPT",
                "add filter FORWARD -i eth0 -o eth1 -p tcp --dport 53 -j ACCEPT",
                "add filter FORWARD -i eth1 -o eth0 -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
                "add filter INPUT -i eth1 -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
                "add filter INPUT -i eth1 -j DROP",
                "add nat POSTROUTING -o eth1 -j MASQUERADE")));
        // The machine forwards and NATs only what comes from the outside links (jump host and gateway), and
        // only to tcp 80/443 and DNS; replies come back; everything else from or to them is dropped.
        changed |= enableForwarding();
        String out = state.outside().toString();
        String chain = n.chain();
        changed |= resources.ensure(journal, Journal.Kind.IPTABLES_CHAIN, chain, JournaledResources.exists(Journal.Kind.IPTABLES_CHAIN, chain), "iptables -w -N " + chain);
        changed |= writeChain(chain, List.of(
                "-s " + out + " -p tcp -m multiport --dports 80,443 -j ACCEPT",
                "-s " + out + " -p udp --dport 53 -j ACCEPT",
                "-s " + out + " -p tcp --dport 53 -j ACCEPT",
                "-d " + out + " -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
                "-j DROP"));
        String comment = " -m comment --comment rolestack:" + state.environment();
        for (String rule : List.of(
                "filter FORWARD -s " + out + comment + " -j " + chain,
                "filter FORWARD -d " + out + comment + " -j " + chain,
                "nat POSTROUTING -s " + out + " ! -d " + out + comment + " -j MASQUERADE")) {
            String[] p = rule.split(" ", 3);
            String add = p[1].equals("FORWARD") ? " -I FORWARD 1 " : " -A " + p[1] + " ";
            changed |= resources.ensure(journal, Journal.Kind.IPTABLES_RULE, rule, JournaledResources.exists(Journal.Kind.IPTABLES_RULE, rule),
                    "iptables -w -t " + p[0] + add + p[2]);
        }
        return changed;
    }

    /**
     * The chain holds exactly {@code rules}, in this order, written whole in one commit ({@code iptables-restore
     * --noflush} flushes a chain it declares and fills it atomically: no packet sees it half-written). Rules added
     * one by one when missing are not enough: a rule added or moved by hand ahead of them (a DROP) would stay
     * there; written whole, up puts the chain back as it must be.
     *
     * @return whether the rules differed
     */
    private boolean writeChain(String chain, List<String> rules) {
        String before = machine.run("iptables -w -S " + chain).stdout();
        StringBuilder restore = new StringBuilder("*filter\n:").append(chain).append(" - [0:0]\n");
        for (String rule : rules) restore.append("-A ").append(chain).append(' ').append(rule).append('\n');
        machine.run(Command.of("iptables-restore -w --noflush").withStdin(restore.append("COMMIT\n").toString()));
        return !machine.run("iptables -w -S " + chain).stdout().equals(before);
    }

    boolean namespace(LinkNames n, String host, Journal journal) {
        String ns = n.netns(host);
        return resources.ensure(journal, Journal.Kind.NETNS, ns, JournaledResources.exists(Journal.Kind.NETNS, ns), "ip netns add " + ns);
    }

    /** A veth from the bridge into the host, where it is eth0. */
    boolean bridgePort(LinkNames n, String host, Journal journal) {
        String port = n.bridgePort(host);
        String peer = n.bridgePeer(host);
        String ns = n.netns(host);
        return resources.ensure(journal, Journal.Kind.LINK, port,
                "ip link show " + port + " && ip -n " + ns + " link show eth0",
                // a half-made pair of a killed run is ours by name: remove it, make it whole
                "{ ip link del " + port + " 2>/dev/null; ip link del " + peer + " 2>/dev/null; true; }"
                        + " && ip link add " + port + " type veth peer name " + peer
                        + " && " + noIpv6(port) + " && ip link set " + port + " master " + n.bridge()
                        + " && ip link set " + port + " up && ip link set " + peer + " netns " + ns
                        + " && ip -n " + ns + " link set " + peer + " name eth0");
    }

    /** A veth from the machine into the host, where it is eth1; the machine's end gets {@code machineAddress}/30. */
    boolean outsideLink(LinkNames n, String host, String machineAddress, Journal journal) {
        String link = n.outsideLink(host);
        String peer = n.outsidePeer(host);
        String ns = n.netns(host);
        boolean changed = resources.ensure(journal, Journal.Kind.LINK, link,
                "ip link show " + link + " && ip -n " + ns + " link show eth1",
                "{ ip link del " + link + " 2>/dev/null; ip link del " + peer + " 2>/dev/null; true; }"
                        + " && ip link add " + link + " type veth peer name " + peer
                        + " && " + noIpv6(link) + " && ip link set " + peer + " netns " + ns
                        + " && ip -n " + ns + " link set " + peer + " name eth1");
        machine.run("ip addr replace " + machineAddress + "/30 dev " + link + " && ip link set " + link + " up");
        return changed;
    }

    /** Addresses, routes and sysctls inside a namespace; all replaced in place, so running it again changes nothing. */
    void configureInside(String ns, Ipv4Subnet internal, String address, String outsideAddress, String defaultVia, boolean forward) {
        List<String> s = new ArrayList<>();
        s.add("ip netns exec " + ns + " sysctl -qw net.ipv4.ip_forward=" + (forward ? 1 : 0));
        // No IPv6 inside: link-local addresses would be a path around the IPv4 rules.
        s.add("{ ip netns exec " + ns + " sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 2>/dev/null || true; }");
        s.add("ip -n " + ns + " link set lo up");
        s.add("ip -n " + ns + " addr replace " + address + "/" + internal.prefix() + " dev eth0");
        s.add("ip -n " + ns + " link set eth0 up");
        if (outsideAddress != null) {
            s.add("ip -n " + ns + " addr replace " + outsideAddress + "/30 dev eth1");
            s.add("ip -n " + ns + " link set eth1 up");
        }
        s.add("ip -n " + ns + " route replace default via " + defaultVia);
        machine.run(String.join(" && ", s));
    }

    private static String noIpv6(String link) {
        return "{ [ ! -e /proc/sys/net/ipv6/conf/" + link + " ] || sysctl -qw net.ipv6.conf." + link + ".disable_ipv6=1; }";
    }

    /**
     * Turns on the machine's IPv4 forwarding (needed for the outside links'
     * NAT). The value found first is kept in the state root and put back when
     * the last environment goes down.
     */
    private boolean enableForwarding() {
        try (ExclusiveLock lock = stateRootLock.get()) {
            String now = machine.run("cat /proc/sys/net/ipv4/ip_forward").stdout().strip();
            if ("1".equals(now)) return false;
            Path before = settings.stateRoot().resolve(LocalPlatform.FORWARD_BEFORE);
            if (!Files.exists(before)) AtomicFile.write(before, now + "\n", AtomicFile.PUBLIC);
            machine.run("sysctl -qw net.ipv4.ip_forward=1");
            return true;
        }
    }

    void restoreForwarding() {
        Path before = settings.stateRoot().resolve(LocalPlatform.FORWARD_BEFORE);
        if (!Files.exists(before)) return;
        try (Stream<Path> s = Files.list(settings.stateRoot())) {
            if (s.anyMatch(Files::isDirectory)) return; // another environment still needs it
            String value = Files.readString(before).strip();
            if (value.matches("[01]")) machine.run("sysctl -qw net.ipv4.ip_forward=" + value);
            Files.delete(before);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
