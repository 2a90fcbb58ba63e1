package io.rolestack.role.ops;

import io.rolestack.core.facts.FactQuery;
import io.rolestack.core.ops.HostContext;
import io.rolestack.core.ops.Operation;
import io.rolestack.core.ops.TemplateFile;
import io.rolestack.core.result.Result;

import java.util.List;
import java.util.Optional;

import static io.rolestack.core.remote.Shell.quote;

/**
 * A kernel parameter at a value now (the drop-in in /etc/sysctl.d keeps it
 * across reboots; that file is a {@link TemplateFile}). On hosts that share
 * this machine's kernel (local hosts) the value is not applied — doing so would
 * change the build machine — and the result says so.
 *
 * <pre>sysctl: {vm.panic_on_oom: 1, kernel.panic: 10}</pre>
 */
public record SysctlValue(String role, String key, String value) implements Operation {
    @Override
    public String name() {
        return "sysctl " + key;
    }

    @Override
    public void ask(FactQuery q) {
        q.sysctl(key);
    }

    @Override
    public List<Result> apply(HostContext ctx) {
        String want = value.trim().replaceAll("\\s+", " ");
        Optional<String> now = ctx.facts().sysctl(key);
        if (now.isPresent() && now.get().equals(want)) return List.of(ctx.ok(name(), "= " + want));
        if (!ctx.can(Capability.OWN_KERNEL)) {
            return List.of(ctx.ok(name(), "skipped: host shares this machine's kernel (now " + now.orElse("unset")
                    + ", wanted " + want + "; applies at boot on a real VM)"));
        }
        if (now.isEmpty()) return List.of(ctx.failed(name(), "the kernel has no parameter " + key));
        return List.of(ctx.change(name(), now.get() + " -> " + want, "-" + key + " = " + now.get() + "\n+" + key + " = " + want + "\n",
                c -> c.run("sysctl -q -w " + quote(key + "=" + want))));
    }
}
