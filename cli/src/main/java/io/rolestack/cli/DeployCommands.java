package io.rolestack.cli;

import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;
import io.rolestack.role.plan.DeployOptions;
import io.rolestack.role.plan.HostReport;
import io.rolestack.role.plan.Limit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code plan} and {@code apply}: one code path, acting switched off or on. */
final class DeployCommands {
    private DeployCommands() {
    }

    abstract static class Run implements Callable<Integer> {
        @Mixin
        SpecFile spec;
        @Mixin
        Output output;
        @Option(names = "--limit", paramLabel = "HOST|ROLE[,...]", description = "Only these hosts or roles.")
        String limit;
        @Option(names = "--parallelism", paramLabel = "N", description = "Hosts at once (default ${DEFAULT-VALUE}).",
                defaultValue = "" + DeployOptions.DEFAULT_PARALLELISM)
        int parallelism;
        @Option(names = "--secrets", paramLabel = "DIR", description = "MariaDB CA and replication secrets (default ~/.config/rolestack/secrets/ENV).")
        Path secrets;

        abstract boolean act();

        @Override
        public Integer call() {
            var s = spec.load();
            PlatformDeploy.Outcome o = new PlatformDeploy(s, output.progress(),
                    limit == null ? Limit.all() : Limit.parse(limit), parallelism, secrets).run(act());
            print(output, o, act());
            return o.summary().exitCode();
        }
    }

    static void print(Output output, PlatformDeploy.Outcome o, boolean applied) {
        PrintWriter w = output.out();
        if (output.json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("applied", applied);
            out.put("hosts", o.hosts().stream().map(Output::asMap).toList());
            out.put("roles", o.roles().hosts().stream().map(h -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("host", h.host());
                m.put("roles", h.roles());
                m.put("status", h.status().name().toLowerCase());
                m.put("results", h.results().stream().map(Output::asMap).toList());
                return m;
            }).toList());
            out.put("database", o.database() == null ? List.of() : o.database().results().stream().map(Output::asMap).toList());
            RunSummary sum = o.summary();
            out.put("summary", Map.of("ok", sum.count(io.rolestack.core.result.Status.OK),
                    "changed", sum.count(io.rolestack.core.result.Status.CHANGED),
                    "failed", sum.count(io.rolestack.core.result.Status.FAILED)));
            w.println(Json.write(out));
            w.flush();
            return;
        }
        for (Result r : o.hosts()) {
            if (r.status() != io.rolestack.core.result.Status.OK) w.printf("%s %s: %s%n", r.host(), r.operation(), r.message());
        }
        for (HostReport h : o.roles().hosts()) {
            for (Result r : h.results()) {
                if (r.status() == io.rolestack.core.result.Status.OK) continue;
                String label = applied || r.failed() ? r.status().name().toLowerCase() : "would change";
                w.printf("%s %s %s%s%n", label, h.host(), r.operation(), r.message().isEmpty() ? "" : ": " + r.message());
                if (!r.diff().isEmpty()) w.println(r.diff().strip().indent(4).stripTrailing());
            }
        }
        Table t = new Table("HOST", "ROLES", "OK", "CHANGED", "FAILED", "TIME");
        for (HostReport h : o.roles().hosts()) {
            long ok = h.results().stream().filter(r -> r.status() == io.rolestack.core.result.Status.OK).count();
            long ch = h.results().stream().filter(Result::changed).count();
            long fa = h.results().stream().filter(Result::failed).count();
            t.row(h.host(), String.join(",", h.roles()), ok, ch, fa, String.format("%.1fs", h.took().toMillis() / 1000.0));
        }
        w.println();
        t.print(w);
        if (o.database() != null) {
            RunSummary db = o.database();
            w.printf("database: %d ok, %d changed, %d failed%n", db.count(io.rolestack.core.result.Status.OK),
                    db.count(io.rolestack.core.result.Status.CHANGED), db.count(io.rolestack.core.result.Status.FAILED));
            db.results().stream().filter(Result::failed).forEach(r -> w.printf("  failed %s %s: %s%n", r.host(), r.operation(), r.message()));
        }
        w.flush();
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "What apply would do, per host, with diffs; changes nothing and creates no host.")
    static final class Plan extends Run {
        @Override
        boolean act() {
            return false;
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Creates missing hosts, installs every host's roles over SSH through the jump host (in parallel), "
                    + "then sets up MariaDB replication. A second apply changes nothing.",
                    "Exit code 0 only when every host is ok or changed."})
    static final class Apply extends Run {
        @Override
        boolean act() {
            return true;
        }
    }
}
