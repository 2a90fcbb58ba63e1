package io.rolestack.role.ops;

import io.rolestack.core.facts.FactQuery;
import io.rolestack.core.facts.PathFact;
import io.rolestack.core.ops.HostContext;
import io.rolestack.core.ops.Operation;
import io.rolestack.core.result.Result;

import java.util.List;

import static io.rolestack.core.remote.Shell.quote;

/**
 * A symbolic link to a target; replaces a link pointing elsewhere, never a
 * real file or directory.
 *
 * <pre>symlinks: [{path: /etc/nginx/sites-enabled/app, target: ../sites-available/app, notify: [nginx]}]</pre>
 */
public record Symlink(String role, String path, String target, List<String> notifies) implements Operation {
    @Override
    public String name() {
        return "symlink " + path;
    }

    @Override
    public void ask(FactQuery q) {
        q.path(path);
    }

    @Override
    public List<Result> apply(HostContext ctx) {
        PathFact f = ctx.facts().path(path);
        if (f.kind() == PathFact.Kind.SYMLINK && f.linkTarget().orElse("").equals(target)) {
            return List.of(ctx.ok(name(), "-> " + target));
        }
        if (f.kind() != PathFact.Kind.SYMLINK && f.kind() != PathFact.Kind.ABSENT) {
            return List.of(ctx.failed(name(), path + " is a " + f.kind().name().toLowerCase() + ", not replacing it with a link"));
        }
        String diff = "-" + f.linkTarget().map(t -> path + " -> " + t).orElse("(absent)") + "\n+" + path + " -> " + target + "\n";
        return List.of(ctx.change(name(), "-> " + target, diff, notifies, path + " changed",
                c -> c.run("ln -sfn " + quote(target) + " " + quote(path))));
    }
}
