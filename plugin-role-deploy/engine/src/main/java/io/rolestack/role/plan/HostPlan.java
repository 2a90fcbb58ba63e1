package io.rolestack.role.plan;

import io.rolestack.core.facts.FactQuery;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.ops.Operation;
import io.rolestack.core.result.Result;
import io.rolestack.role.ops.AptPackages;

import java.util.List;

/**
 * What one host should look like, as operations in order, built before any
 * host is contacted (so a broken template or unknown role fails here, naming
 * role, file and line, without touching anything).
 *
 * @param aptConfig operations on /etc/apt (sources, keys) that must run before packages
 * @param packages  every package of the host's roles, installed in one apt-get call
 * @param rest      everything else, role by role (base first), services last within each role
 * @param skipped   results for roles skipped for a missing capability, with the reason
 * @param roles     the host's roles
 */
public record HostPlan(Host host, List<String> roles, List<Operation> aptConfig, AptPackages packages,
                       List<Operation> rest, List<Result> skipped) {
    public HostPlan {
        roles = List.copyOf(roles);
        aptConfig = List.copyOf(aptConfig);
        rest = List.copyOf(rest);
        skipped = List.copyOf(skipped);
    }

    /** The one fact round trip this plan needs. */
    public FactQuery factQuery() {
        FactQuery q = new FactQuery();
        aptConfig.forEach(o -> o.ask(q));
        packages.ask(q);
        rest.forEach(o -> o.ask(q));
        return q;
    }

    public List<Operation> all() {
        List<Operation> all = new java.util.ArrayList<>(aptConfig);
        all.add(packages);
        all.addAll(rest);
        return all;
    }
}
