package io.rolestack.vm.local;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.Remote;

import static io.rolestack.core.remote.Shell.quote;

/**
 * What local hosts make on this machine (namespaces, links, mounts, routes, iptables rules and chains): each
 * written to the environment's {@link Journal} before it is made, so that down removes exactly those, also
 * after a {@code kill -9} of up; each made only when its check says it is missing.
 */
final class JournaledResources {
    private final Remote machine;

    JournaledResources(Remote machine) {
        this.machine = machine;
    }

    /** Journals then makes a resource when {@code exists} fails; true when it was made. */
    boolean ensure(Journal journal, Journal.Kind kind, String value, String exists, String create) {
        if (machine.exec(Command.of("{ " + exists + "; } >/dev/null 2>&1")).ok()) return false;
        journal.record(kind, value);
        machine.run(create);
        return true;
    }

    /** Removes one journalled resource if it exists; true when something was removed. */
    boolean remove(Journal.Entry e) {
        String v = e.value();
        String removal = switch (e.kind()) {
            case NETNS -> "ip netns del " + v;
            case LINK -> "ip link del " + v;
            case MOUNT -> "umount " + quote(v) + " || umount -l " + quote(v);
            case ROUTE -> "ip route del " + v;
            case IPTABLES_RULE -> {
                String[] p = v.split(" ", 3);
                yield "while " + exists(e.kind(), v) + "; do iptables -w -t " + p[0] + " -D " + p[1] + " " + p[2] + " || exit 1; done";
            }
            case IPTABLES_CHAIN -> "iptables -w -F " + v + " && iptables -w -X " + v;
        };
        String script = exists(e.kind(), v) + " || exit 3; " + removal;
        var r = machine.exec(Command.of(script));
        if (r.exitCode() == 3) return false;
        r.orThrow(machine.host(), Command.of(script));
        return true;
    }

    /** A shell test, silent, that succeeds when the resource exists on this machine. */
    static String exists(Journal.Kind kind, String v) {
        return switch (kind) {
            case NETNS -> "[ -e /run/netns/" + v + " ]";
            case LINK -> "ip link show " + v + " >/dev/null 2>&1";
            case MOUNT -> "mountpoint -q " + quote(v);
            case ROUTE -> {
                String[] p = v.split(" ");
                yield "[ -n \"$(ip -4 route show type " + p[0] + " exact " + p[1] + ")\" ]";
            }
            case IPTABLES_RULE -> {
                String[] p = v.split(" ", 3);
                yield "iptables -w -t " + p[0] + " -C " + p[1] + " " + p[2] + " 2>/dev/null";
            }
            case IPTABLES_CHAIN -> "iptables -w -n -L " + v + " >/dev/null 2>&1";
        };
    }
}
