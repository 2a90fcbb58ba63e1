package io.rolestack.core.ops;

import io.rolestack.core.events.Progress;
import io.rolestack.core.facts.FactQuery;
import io.rolestack.core.facts.FactScript;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.result.Result;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Operations applied to one host: facts in one round trip, current contents
 * for diffs, then only the changes; results in the order of {@code ops}. The
 * role engine runs a host's plan through {@link #step}; the MariaDB engine's
 * TLS files and option file go through {@link #apply} with the same file
 * operation ({@code TemplateFile}: digest compare, atomic write, owner/mode,
 * diff, secrets never shown).
 *
 * <pre>List&lt;Result&gt; rs = OperationRun.apply(remote, "db2.production.wpdn", List.of(
 *         new Directory("mariadb", "/etc/mysql/ssl", new FileMode("root", "mysql", 0750)),
 *         new TemplateFile("mariadb", "/etc/mysql/ssl/ca.pem", pem, FileMode.ROOT_644, List.of(), false)));</pre>
 */
public final class OperationRun {
    /** Files larger than this are not fetched for a diff. */
    private static final int MAX_DIFF_BYTES = 256 * 1024;

    private OperationRun() {
    }

    /** @param host the name results carry (the FQDN; sessions may use the short name) */
    public static List<Result> apply(Remote remote, String host, List<? extends Operation> ops) {
        FactQuery query = new FactQuery();
        ops.forEach(o -> o.ask(query));
        HostContext ctx = new HostContext(host, remote, true, FactScript.gather(remote, query), Set.of());
        List<Operation> all = List.copyOf(ops);
        fetchDiffContents(ctx, all);
        List<Result> results = new ArrayList<>();
        for (Operation op : all) results.addAll(step(ctx, op, Progress.NONE));
        return results;
    }

    /**
     * Runs one operation: an exception becomes a failed result (one operation failing does not stop
     * the host's others), every result is timed and reported to {@code progress}.
     */
    public static List<Result> step(HostContext ctx, Operation op, Progress progress) {
        long start = System.nanoTime();
        List<Result> rs;
        try {
            rs = op.apply(ctx);
        } catch (RuntimeException e) {
            rs = List.of(ctx.failed(op.name(), e.getMessage()));
        }
        List<Result> timed = new ArrayList<>();
        for (Result r : rs) {
            Result t = r.duration().isZero() ? r.took(Duration.ofNanos(System.nanoTime() - start)) : r;
            timed.add(t);
            progress.result(t);
        }
        return timed;
    }

    /** Fetches, in one round trip, the current content of the files among {@code ops} that will change (for diffs). */
    public static void fetchDiffContents(HostContext ctx, List<Operation> ops) {
        List<String> differing = ops.stream().filter(o -> o instanceof TemplateFile).map(o -> (TemplateFile) o)
                .filter(f -> f.contentDiffers(ctx.facts().path(f.path()))).map(TemplateFile::path).toList();
        if (!differing.isEmpty()) ctx.currentContents(FactScript.contents(ctx.remote(), differing, MAX_DIFF_BYTES));
    }
}
