package io.rolestack.role.ops;

import io.rolestack.core.facts.FactQuery;
import io.rolestack.core.ops.HostContext;
import io.rolestack.core.ops.Operation;
import io.rolestack.core.result.Result;

import java.util.List;

import static io.rolestack.core.remote.Shell.quote;

/**
 * A user that exists and is in these groups (added to missing ones, never
 * removed from others).
 *
 * <pre>users: [{name: deploy, system: true, home: /srv/deploy, shell: /bin/sh, groups: [www-data]}]</pre>
 */
public record SystemUser(String role, String user, boolean system, String home, String shell, List<String> groups)
        implements Operation {
    @Override
    public String name() {
        return "user " + user;
    }

    @Override
    public void ask(FactQuery q) {
        q.user(user);
    }

    @Override
    public List<Result> apply(HostContext ctx) {
        List<String> has = ctx.facts().users().get(user);
        if (has == null) {
            // useradd refuses to make the user's own group when a role already made it: then it is the primary group.
            String cmd = "if getent group " + quote(user) + " >/dev/null; then g='--gid " + user + "'; else g=; fi; "
                    + "useradd $g " + (system ? "--system " : "") + "--home-dir " + quote(home) + " --shell " + quote(shell)
                    + (groups.isEmpty() ? "" : " --groups " + quote(String.join(",", groups))) + " " + quote(user);
            return List.of(ctx.change(name(), "created", "", c -> c.run(cmd)));
        }
        List<String> missing = groups.stream().filter(g -> !has.contains(g)).toList();
        if (missing.isEmpty()) return List.of(ctx.ok(name(), "exists"));
        return List.of(ctx.change(name(), "added to " + String.join(",", missing), "",
                c -> c.run("usermod -a -G " + quote(String.join(",", missing)) + " " + quote(user))));
    }
}
