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
 * roles declare: one {@code rolestack-<env>-<role>} group per role letting in
 * ssh and the role's ports from the environment's subnet only, and a
 * {@code rolestack-<env>-jump} group letting ssh into the jump host from
 * {@code sshFrom}.
 */
record SecurityGroupPlan(List<Group> groups) {

    /** One ingress rule: a port from a CIDR. */
    record Rule(String protocol, int port, String remoteCidr) {
        @Override
        public String toString() {
            return "ingress " + port + "/" + protocol + " from " + remoteCidr;
        }
    }

    record Group(String name, String description, List<Rule> rules) {
    }

    static SecurityGroupPlan of(List<VmRequest> requests, String subnetCidr, String sshFrom) {
        Map<String, Set<Port>> portsByGroup = new TreeMap<>();
        Set<String> jumpGroups = new TreeSet<>();
        for (VmRequest r : requests) {
            portsByGroup.computeIfAbsent(roleGroup(r), g -> new TreeSet<>(
                    java.util.Comparator.comparing(Port::protocol).thenComparingInt(Port::number))).addAll(r.ports());
            if (r.jump()) jumpGroups.add(jumpGroup(r.name().environment()));
        }
        List<Group> groups = new ArrayList<>();
        portsByGroup.forEach((name, ports) -> {
            List<Rule> rules = new ArrayList<>();
            // ssh from inside: the jump host reaches every host this way.
            rules.add(new Rule("tcp", 22, subnetCidr));
            for (Port p : ports) {
                Rule rule = new Rule(p.protocol().name().toLowerCase(Locale.ROOT), p.number(), subnetCidr);
                if (!rules.contains(rule)) rules.add(rule);
            }
            // A jump host whose role is `jump` has one group for both: its role's ports and ssh from outside.
            if (jumpGroups.remove(name)) rules.add(new Rule("tcp", 22, sshFrom));
            groups.add(new Group(name, "Rolestack: ports of this role, from " + subnetCidr, List.copyOf(rules)));
        });
        for (String j : jumpGroups) {
            groups.add(new Group(j, "Rolestack: ssh to the jump host from " + sshFrom, List.of(new Rule("tcp", 22, sshFrom))));
        }
        return new SecurityGroupPlan(List.copyOf(groups));
    }

    /** Names of the groups one server is booted with. */
    static List<String> groupsFor(VmRequest r) {
        if (!r.jump() || roleGroup(r).equals(jumpGroup(r.name().environment()))) return List.of(roleGroup(r));
        return List.of(roleGroup(r), jumpGroup(r.name().environment()));
    }

    static String roleGroup(VmRequest r) {
        return "rolestack-" + r.name().environment() + "-" + r.name().role();
    }

    static String jumpGroup(String environment) {
        return "rolestack-" + environment + "-jump";
    }
}
