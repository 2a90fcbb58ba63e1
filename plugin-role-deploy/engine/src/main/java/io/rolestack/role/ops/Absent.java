package io.rolestack.role.ops;

import io.rolestack.core.facts.FactQuery;
import io.rolestack.core.facts.PathFact;
import io.rolestack.core.ops.HostContext;
import io.rolestack.core.ops.Operation;
import io.rolestack.core.result.Result;

import java.util.List;

import static io.rolestack.core.remote.Shell.quote;

/**
 * A file or link that must not exist (a package's default site that would
 * clash with ours). Never removes directories.
 *
 * <pre>remove: [{path: /etc/nginx/sites-enabled/default, notify: [nginx]}]</pre>
 */
public record Absent(String role, String path, List<String> notifies) implements Operation {
    @Override
    public String name() {
        return "absent " + path;
    }

    @Override
    public void ask(FactQuery q) {
        q.path(path);
    }

    @Override
    public List<Result> apply(HostContext ctx) {
        PathFact f = ctx.facts().path(path);
        if (!f.exists()) return List.of(ctx.ok(name(), "absent"));
        if (f.kind() == PathFact.Kind.DIRECTORY) {
            return List.of(ctx.failed(name(), path + " is a directory; rolestack removes only files and links"));
        }
        return List.of(ctx.change(name(), "removed", "-" + path + "\n", notifies, path + " removed",
                c -> c.run("rm -f " + quote(path))));
    }
}
