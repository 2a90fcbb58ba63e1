package io.rolestack.role.plan;

import io.rolestack.core.events.Progress;
import io.rolestack.core.facts.FactQuery;
import io.rolestack.core.facts.FactScript;
import io.rolestack.core.facts.HostFacts;
import io.rolestack.core.ops.HostContext;
import io.rolestack.core.ops.Operation;
import io.rolestack.core.ops.OperationRun;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.result.Result;
import io.rolestack.role.ops.Capability;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs one host's plan over its session: one round trip for facts, one for the
 * current content of files that will change (for diffs), then only the
 * changes. After packages were installed the facts are read again, since
 * packages create files and services. Plan and apply are this same code with
 * acting off or on.
 */
final class HostRun {
    private HostRun() {
    }

    /** Appends to {@code results} as it goes, so what was done before a lost connection is still reported. */
    static void run(HostPlan plan, Remote remote, boolean act, Set<String> capabilities, String localBootId,
                    Progress progress, List<Result> results) {
        String host = plan.host().fqdn();
        results.addAll(plan.skipped());
        plan.skipped().forEach(progress::result);
        FactQuery query = plan.factQuery();
        progress.step(host, "reading facts");
        HostFacts facts = FactScript.gather(remote, query);
        Set<String> caps = new HashSet<>(capabilities);
        if (!facts.bootId().isEmpty() && facts.bootId().equals(localBootId)) {
            // The host runs on this machine's kernel (a local namespaced host): never touch kernel or clock.
            caps.remove(Capability.OWN_KERNEL);
            caps.remove(Capability.CLOCK);
        }
        HostContext ctx = new HostContext(host, remote, act, facts, caps);
        OperationRun.fetchDiffContents(ctx, plan.all());
        execute(plan, ctx, query, progress, results);
    }

    /**
     * Runs the operations against facts already read. With acting off this
     * never uses the session, which is what lets plans be tested from recorded facts.
     */
    static void execute(HostPlan plan, HostContext ctx, FactQuery query, Progress progress, List<Result> results) {
        boolean sourcesChanged = false;
        for (Operation op : plan.aptConfig()) {
            List<Result> rs = OperationRun.step(ctx, op, progress);
            results.addAll(rs);
            // A new source or key needs fresh package lists; other apt.conf.d files do not.
            boolean source = op.name().contains("/etc/apt/sources.list") || op.name().contains("keyring")
                    || op.name().contains("apt key");
            sourcesChanged |= source && rs.stream().anyMatch(Result::changed);
        }
        if (sourcesChanged) plan.packages().sourcesChanged();
        List<Result> pkgs = OperationRun.step(ctx, plan.packages(), progress);
        results.addAll(pkgs);
        if (ctx.acting() && pkgs.stream().anyMatch(Result::changed)) {
            progress.step(ctx.host(), "reading facts again after installing packages");
            ctx.facts(FactScript.gather(ctx.remote(), query));
            OperationRun.fetchDiffContents(ctx, plan.rest());
        }
        if (pkgs.stream().anyMatch(Result::failed)) {
            // Like Ansible, a host stops at a failed install: its files and services would only fail after it.
            Result stop = ctx.failed("roles " + String.join(", ", plan.roles()),
                    "not continued on this host: packages did not install (see above); " + plan.rest().size()
                            + " operations not run");
            progress.result(stop);
            results.add(stop);
            return;
        }
        for (Operation op : plan.rest()) results.addAll(OperationRun.step(ctx, op, progress));
    }
}
