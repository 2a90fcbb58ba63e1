package io.rolestack.role.ops;

import io.rolestack.core.facts.FactQuery;
import io.rolestack.core.ops.HostContext;
import io.rolestack.core.ops.Operation;
import io.rolestack.core.result.Result;

import java.util.List;

import static io.rolestack.core.remote.Shell.quote;

/** A group that exists. <pre>groups: [deploy]</pre> */
public record SystemGroup(String role, String group, boolean system) implements Operation {
    @Override
    public String name() {
        return "group " + group;
    }

    @Override
    public void ask(FactQuery q) {
        q.group(group);
    }

    @Override
    public List<Result> apply(HostContext ctx) {
        if (ctx.facts().groups().contains(group)) return List.of(ctx.ok(name(), "exists"));
        return List.of(ctx.change(name(), "created", "", c -> c.run("groupadd " + (system ? "--system " : "") + quote(group))));
    }
}
