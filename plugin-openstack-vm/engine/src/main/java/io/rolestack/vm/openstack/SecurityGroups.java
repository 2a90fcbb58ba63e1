package io.rolestack.vm.openstack;

import io.rolestack.core.events.Progress;
import io.rolestack.vm.VmRequest;
import org.openstack4j.api.Builders;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.network.SecurityGroup;
import org.openstack4j.model.network.SecurityGroupRule;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Neutron security groups of a {@link SecurityGroupPlan}, both ways (missing groups and rules added, rules the
 * plan no longer has removed), and the groups each server carries. Every change is returned as diff lines.
 */
final class SecurityGroups {
    private final ApiCalls calls;

    SecurityGroups(ApiCalls calls) {
        this.calls = calls;
    }

    /** Creates missing groups and rules; returns, per group, a diff of what it added (empty when all was there). */
    Map<String, String> ensure(SecurityGroupPlan plan, Progress progress) {
        Map<String, String> diffs = new HashMap<>();
        Map<String, String> ids = new HashMap<>(); // group name -> id, for remote-group rules (the members group comes first)
        List<? extends SecurityGroup> all = calls.call("security groups", "GET /v2.0/security-groups",
                os -> os.networking().securitygroup().list());
        for (SecurityGroupPlan.Group g : plan.groups()) {
            String target = "security group " + g.name();
            List<SecurityGroup> same = all.stream().filter(s -> g.name().equals(s.getName())).map(s -> (SecurityGroup) s).toList();
            if (same.size() > 1) throw new IllegalArgumentException(target + ": " + same.size() + " groups carry this name; remove the extra ones");
            SecurityGroup group;
            StringBuilder diff = new StringBuilder();
            if (same.isEmpty()) {
                progress.step("provider", "creating " + target);
                // Creating POSTs are not retried: a retry after a lost answer would make a duplicate.
                // The next run reads what exists and adds only what is missing.
                group = calls.callOnce(target, "POST /v2.0/security-groups", os -> os.networking().securitygroup()
                        .create(Builders.securityGroup().name(g.name()).description(g.description()).build()));
                diff.append("+ security group ").append(g.name()).append('\n');
            } else {
                group = same.get(0);
            }
            String groupId = group.getId();
            ids.put(g.name(), groupId);
            List<? extends SecurityGroupRule> have = group.getRules() == null ? List.of() : group.getRules();
            for (SecurityGroupPlan.Rule rule : g.rules()) {
                if (have.stream().anyMatch(h -> same(h, rule, ids))) continue;
                String remoteGroupId = rule.remoteGroup() == null ? null : ids.get(rule.remoteGroup());
                calls.callOnce(target, "POST /v2.0/security-group-rules (" + rule + ")", os -> {
                    var b = Builders.securityGroupRule().securityGroupId(groupId).direction("ingress")
                            .ethertype("IPv4").protocol(rule.protocol()).portRangeMin(rule.port()).portRangeMax(rule.port());
                    b = remoteGroupId != null ? b.remoteGroupId(remoteGroupId) : b.remoteIpPrefix(rule.remoteCidr());
                    return os.networking().securityrule().create(b.build());
                });
                diff.append("+ ").append(g.name()).append(": ").append(rule).append('\n');
            }
            // Both ways: an ingress rule the spec no longer asks for (a narrowed sshFrom, a port
            // no role declares, a whole-subnet rule now replaced by the members group) goes.
            for (SecurityGroupRule h : have) {
                if (!"ingress".equals(h.getDirection())) continue;
                if (g.rules().stream().anyMatch(rule -> same(h, rule, ids))) continue;
                String shown = describe(h, ids);
                progress.step("provider", target + ": removing " + shown);
                calls.action(target, "DELETE /v2.0/security-group-rules/" + h.getId() + " (" + shown + ")",
                        os -> { os.networking().securityrule().delete(h.getId()); return ActionResponse.actionSuccess(); }, true);
                diff.append("- ").append(g.name()).append(": ").append(shown).append('\n');
            }
            diffs.put(g.name(), diff.toString());
        }
        return diffs;
    }

    private static boolean same(SecurityGroupRule h, SecurityGroupPlan.Rule rule, Map<String, String> ids) {
        return "ingress".equals(h.getDirection()) && "IPv4".equals(h.getEtherType()) && rule.protocol().equals(h.getProtocol())
                && Objects.equals(rule.port(), h.getPortRangeMin()) && Objects.equals(rule.port(), h.getPortRangeMax())
                && (rule.remoteGroup() != null
                ? h.getRemoteIpPrefix() == null && Objects.equals(ids.get(rule.remoteGroup()), h.getRemoteGroupId())
                : h.getRemoteGroupId() == null && rule.remoteCidr().equals(h.getRemoteIpPrefix()));
    }

    private static String describe(SecurityGroupRule h, Map<String, String> ids) {
        String ports = h.getPortRangeMin() == null ? "any port"
                : Objects.equals(h.getPortRangeMin(), h.getPortRangeMax()) ? String.valueOf(h.getPortRangeMin())
                : h.getPortRangeMin() + "-" + h.getPortRangeMax();
        String from = h.getRemoteGroupId() != null
                ? "group " + ids.entrySet().stream().filter(e -> e.getValue().equals(h.getRemoteGroupId())).map(Map.Entry::getKey)
                .findFirst().orElse(h.getRemoteGroupId())
                : h.getRemoteIpPrefix() == null ? "anywhere" : h.getRemoteIpPrefix();
        String eth = "IPv4".equals(h.getEtherType()) ? "" : " (" + h.getEtherType() + ")";
        return "ingress " + ports + "/" + (h.getProtocol() == null ? "any" : h.getProtocol()) + " from " + from + eth;
    }

    /** Adds to an existing server the groups its request has and it lacks; returns the diff lines. */
    String attachMissing(VmRequest r, Server s, Progress progress) {
        String host = r.name().fqdn();
        Set<String> have = names(s);
        StringBuilder diff = new StringBuilder();
        for (String g : SecurityGroupPlan.groupsFor(r)) {
            if (have.contains(g)) continue;
            progress.step(host, "adding security group " + g);
            calls.action(host, "POST /servers/" + s.getId() + "/action (addSecurityGroup " + g + ")",
                    os -> os.compute().servers().addSecurityGroup(s.getId(), g), false);
            diff.append("+ security group ").append(g).append(" on ").append(host).append('\n');
        }
        return diff.toString();
    }

    static Set<String> names(Server s) {
        Set<String> names = new LinkedHashSet<>();
        if (s.getSecurityGroups() != null) s.getSecurityGroups().forEach(g -> names.add(g.getName()));
        return names;
    }

    /** What changed in the security groups one server uses. */
    static String diffFor(VmRequest r, Map<String, String> groupDiffs) {
        StringBuilder d = new StringBuilder();
        for (String g : SecurityGroupPlan.groupsFor(r)) d.append(groupDiffs.getOrDefault(g, ""));
        return d.toString();
    }
}
