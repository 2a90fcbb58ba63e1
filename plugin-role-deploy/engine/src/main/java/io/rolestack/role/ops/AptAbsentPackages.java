package io.rolestack.role.ops;

import io.rolestack.core.facts.FactQuery;
import io.rolestack.core.ops.HostContext;
import io.rolestack.core.ops.Operation;
import io.rolestack.core.result.Result;

import java.util.ArrayList;
import java.util.List;

import static io.rolestack.core.remote.Shell.quote;

/**
 * Packages that must not be installed (removed, config kept), all of a role
 * in one apt-get call.
 *
 * <pre>absent_packages: [apache2]</pre>
 */
public record AptAbsentPackages(String role, List<String> packages) implements Operation {
    public AptAbsentPackages {
        packages = List.copyOf(packages);
    }

    @Override
    public String name() {
        return "absent packages " + String.join(" ", packages);
    }

    @Override
    public void ask(FactQuery q) {
        q.packages(packages);
    }

    @Override
    public List<Result> apply(HostContext ctx) {
        List<String> present = packages.stream().filter(p -> ctx.facts().installed(p)).toList();
        List<Result> out = new ArrayList<>();
        for (String p : packages) {
            if (!present.contains(p)) out.add(ctx.ok("package " + p, "absent"));
        }
        if (present.isEmpty()) return out;
        StringBuilder cmd = new StringBuilder("DEBIAN_FRONTEND=noninteractive apt-get remove -y -q -o DPkg::Lock::Timeout=120");
        for (String p : present) cmd.append(' ').append(quote(p));
        Result r = ctx.change("absent packages " + String.join(" ", present), "removed (role " + role + ")", "",
                c -> c.run(cmd.toString()));
        for (String p : present) {
            out.add(new Result(ctx.host(), "package " + p, r.status(), r.message(), "", r.duration()));
        }
        return out;
    }
}
