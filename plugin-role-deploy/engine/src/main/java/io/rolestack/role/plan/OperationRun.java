package io.rolestack.role.plan;

import io.rolestack.core.events.Progress;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.result.Result;
import io.rolestack.role.facts.FactQuery;
import io.rolestack.role.facts.FactScript;
import io.rolestack.role.ops.HostContext;
import io.rolestack.role.ops.Operation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Operations applied to one host outside any role: the MariaDB engine's TLS
 * files and option file go through the same file operation as the roles
 * ({@code TemplateFile}: digest compare, atomic write, owner/mode, diff, secrets
 * never shown). Facts in one round trip, current contents for diffs, then only
 * the changes; results in the order of {@code ops}.
 *
 * <pre>List&lt;Result&gt; rs = OperationRun.apply(remote, "db2.production.wpdn", List.of(
 *         new Directory("mariadb", "/etc/mysql/ssl", new FileMode("root", "mysql", 0750)),
 *         new TemplateFile("mariadb", "/etc/mysql/ssl/ca.pem", pem, FileMode.ROOT_644, List.of(), false)));</pre>
 */
public final class OperationRun {
    private OperationRun() {
    }

    /** @param host the name results carry (the FQDN; sessions may use the short name) */
    public static List<Result> apply(Remote remote, String host, List<? extends Operation> ops) {
        FactQuery query = new FactQuery();
        ops.forEach(o -> o.ask(query));
        HostContext ctx = new HostContext(host, remote, true, FactScript.gather(remote, query), Set.of());
        List<Operation> all = List.copyOf(ops);
        HostRun.fetchDiffContents(ctx, all);
        List<Result> results = new ArrayList<>();
        for (Operation op : all) results.addAll(HostRun.step(ctx, op, Progress.NONE));
        return results;
    }
}
