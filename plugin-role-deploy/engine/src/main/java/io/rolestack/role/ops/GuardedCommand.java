package io.rolestack.role.ops;

import io.rolestack.core.facts.FactQuery;
import io.rolestack.core.ops.HostContext;
import io.rolestack.core.ops.Operation;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.result.Result;

import java.util.List;
import java.util.Optional;

/**
 * A command run only when its guards allow: not when {@code creates} exists,
 * not when the {@code unless} command exits 0 (guards are read with the other
 * facts, in the same round trip). Without guards it runs on every apply and
 * always reports changed, as in Ansible — give it a guard.
 *
 * <pre>commands: [{name: enable prefork, run: "a2dismod -q mpm_event && a2enmod -q mpm_prefork",
 *             unless: "apache2ctl -M | grep -q mpm_prefork", notify: [apache2]}]</pre>
 */
public record GuardedCommand(String role, String label, String run, Optional<String> creates, Optional<String> unless,
                             List<String> notifies) implements Operation {
    @Override
    public String name() {
        return "command " + label;
    }

    @Override
    public void ask(FactQuery q) {
        creates.ifPresent(q::path);
        unless.ifPresent(q::unless);
    }

    @Override
    public List<Result> apply(HostContext ctx) {
        if (creates.isPresent() && ctx.facts().path(creates.get()).exists()) {
            return List.of(ctx.ok(name(), creates.get() + " exists"));
        }
        if (unless.isPresent() && ctx.facts().unlessExit(unless.get()).orElse(1) == 0) {
            return List.of(ctx.ok(name(), "guard holds: " + unless.get()));
        }
        return List.of(ctx.change(name(), "ran", "", notifies, "command '" + label + "' ran", c -> {
            ExecResult r = c.remote().exec(Command.sudo(run));
            if (!r.ok()) {
                throw new IllegalStateException("exit " + r.exitCode() + ": " + run
                        + (r.stderr().isBlank() ? "" : "\n" + r.stderr().strip()));
            }
        }));
    }
}
