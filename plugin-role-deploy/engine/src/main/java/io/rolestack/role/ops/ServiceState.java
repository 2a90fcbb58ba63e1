package io.rolestack.role.ops;

import io.rolestack.core.facts.FactQuery;
import io.rolestack.core.facts.ServiceFact;
import io.rolestack.core.ops.HostContext;
import io.rolestack.core.ops.Operation;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.result.Result;
import io.rolestack.core.service.ServiceControl;
import io.rolestack.role.catalog.Role;

import java.util.ArrayList;
import java.util.List;

/**
 * A service enabled and running (or stopped), through systemd or init.d
 * ({@link ServiceControl}), and reloaded or restarted only when a file it
 * watches changed in this run — after its config check (e.g. {@code nginx -t})
 * passes, so a bad config never takes a running service down. A service that
 * was just started is not reloaded again.
 *
 * <pre>services: [{name: nginx, on_change: reload, check: "nginx -t"}]</pre>
 */
public record ServiceState(String role, Role.ServiceSpec spec) implements Operation {
    @Override
    public String name() {
        return "service " + spec.name();
    }

    @Override
    public void ask(FactQuery q) {
        q.service(spec.name());
    }

    @Override
    public List<Result> apply(HostContext ctx) {
        ServiceFact f = ctx.facts().service(spec.name());
        ServiceControl sc = ctx.services();
        List<String> reasons = ctx.notifiedBy(spec.name());
        List<String> steps = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        if (ctx.acting() && !f.installed()) {
            return List.of(ctx.failed(name(), "no " + sc + " service '" + spec.name() + "' on the host (is its package installed?)"));
        }
        boolean started = false;
        if (spec.manage()) {
            if (spec.enabled() && !f.enabled()) {
                steps.add("enabled");
                commands.add(sc.enable(spec.name()).script());
            } else if (!spec.enabled() && f.enabled()) {
                steps.add("disabled");
                commands.add(sc.disable(spec.name()).script());
            }
            if (spec.running() && !f.running()) {
                steps.add("started");
                commands.add(sc.start(spec.name()).script());
                started = true;
            } else if (!spec.running() && f.running()) {
                steps.add("stopped");
                commands.add(sc.stop(spec.name()).script());
            }
        }
        // Only a running service is reloaded: one that is not running reads its config when it starts.
        boolean bounce = !reasons.isEmpty() && !started && f.running() && spec.running();
        if (bounce) {
            boolean reload = spec.onChange() == Role.OnChange.RELOAD;
            steps.add((reload ? "reloaded" : "restarted") + " (" + String.join(", ", reasons) + ")");
            commands.add((reload ? sc.reload(spec.name()) : sc.restart(spec.name())).script());
        }
        if (steps.isEmpty()) {
            return List.of(ctx.ok(name(), (f.running() ? "running" : "stopped") + (f.enabled() ? ", enabled" : "")));
        }
        boolean checkFirst = spec.check().isPresent() && (started || bounce);
        return List.of(ctx.change(name(), String.join(", ", steps), "", c -> {
            if (checkFirst) {
                ExecResult r = c.remote().exec(Command.sudo(spec.check().get()));
                if (!r.ok()) {
                    throw new IllegalStateException("config check '" + spec.check().get() + "' failed, " + spec.name()
                            + " left as it was: " + (r.stderr() + r.stdout()).strip());
                }
            }
            for (String cmd : commands) c.run(cmd);
        }));
    }
}
