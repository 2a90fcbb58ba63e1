package io.rolestack.vm.openstack;

import io.rolestack.core.net.Port;
import io.rolestack.vm.VmRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The security groups a set of servers needs, derived from the ports their
 * roles declare: a {@code rolestack-<env>-members} group every server of the
 * environment carries (no rules of its own), one {@code rolestack-<env>-<role>}
 * group per role letting in ssh and the role's ports from members of the
 * environment only (Neutron's remote security group, not the whole subnet), and a
 * {@code rolestack-<env>-jump} group letting ssh into the jump host from
 * {@code sshFrom}. The groups' ingress rules are exactly these: others are removed.
 */
record SecurityGroupPlan(List<Group> groups) {

    /** One ingress rule: a port from a CIDR, or from the members of a security group (by name). */
    record Rule(String protocol, int port, String remoteCidr, String remoteGroup) {
        static Rule fromCidr(String protocol, int port, String cidr) {
            return new Rule(protocol, port, cidr, null);
        }

        static Rule fromGroup(String protocol, int port, String group) {
            return new Rule(protocol, port, null, group);
        }

        @Override
        public String toString() {
            return "ingress " + port + "/" + protocol + " from " + (remoteGroup != null ? "group " + remoteGroup : remoteCidr);
        }
    }

    record Group(String name, String description, List<Rule> rules) {
    }

    /** Internal rules from members of the environment's group (subnetCidr is kept for the description). */
    static SecurityGroupPlan of(List<VmRequest> requests, String subnetCidr, String sshFrom) {
        Map<String, Set<Port>> portsByGroup = new TreeMap<>();
        Set<String> jumpGroups = new TreeSet<>();
        Map<String, String> envOf = new TreeMap<>();
        for (VmRequest r : requests) {
            envOf.put(roleGroup(r), r.name().environment());
            portsByGroup.computeIfAbsent(roleGroup(r), g -> new TreeSet<>(
                    java.util.Comparator.comparing(Port::protocol).thenComparingInt(Port::number))).addAll(r.ports());
            if (r.jump()) jumpGroups.add(jumpGroup(r.name().environment()));
        }
        List<Group> groups = new ArrayList<>();
        // First: the rules of the other groups name it.
        new TreeSet<>(requests.stream().map(r -> membersGroup(r.name().environment())).toList())
                .forEach(m -> groups.add(new Group(m, "Rolestack: every server of the environment (the source of internal rules)", List.of())));
        portsByGroup.forEach((name, ports) -> {
            String members = membersGroup(envOf.get(name));
            List<Rule> rules = new ArrayList<>();
            // ssh from inside: the jump host reaches every host this way.
            rules.add(Rule.fromGroup("tcp", 22, members));
            for (Port p : ports) {
                Rule rule = Rule.fromGroup(p.protocol().name().toLowerCase(Locale.ROOT), p.number(), members);
                if (!rules.contains(rule)) rules.add(rule);
            }
            // A jump host whose role is `jump` has one group for both: its role's ports and ssh from outside.
            if (jumpGroups.remove(name)) rules.add(Rule.fromCidr("tcp", 22, sshFrom));
            groups.add(new Group(name, "Rolestack: ports of this role, from the environment's servers", List.copyOf(rules)));
        });
        for (String j : jumpGroups) {
            groups.add(new Group(j, "Rolestack: ssh to the jump host from " + sshFrom, List.of(Rule.fromCidr("tcp", 22, sshFrom))));
        }
        return new SecurityGroupPlan(List.copyOf(groups));
    }

    /** Names of the groups one server is booted with. */
    static List<String> groupsFor(VmRequest r) {
        String members = membersGroup(r.name().environment());
        if (!r.jump() || roleGroup(r).equals(jumpGroup(r.name().environment()))) return List.of(roleGroup(r), members);
        return List.of(roleGroup(r), members, jumpGroup(r.name().environment()));
    }

    static String membersGroup(String environment) {
        return "rolestack-" + environment + "-members";
    }

    static String roleGroup(VmRequest r) {
        return "rolestack-" + r.name().environment() + "-" + r.name().role();
    }

    static String jumpGroup(String environment) {
        return "rolestack-" + environment + "-jump";
    }
}
