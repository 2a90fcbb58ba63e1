package io.rolestack.cli;

import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;
import io.rolestack.platform.Platform;
import io.rolestack.platform.deploy.DeployOutcome;
import io.rolestack.role.plan.HostReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
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
        @Mixin
        PlatformArguments platform;

        abstract boolean act();

        @Override
        public Integer call() {
            Platform p = platform.open(spec, output);
            DeployOutcome o = act() ? p.apply() : p.plan();
            print(output, o);
            return o.summary().exitCode();
        }
    }

    static void print(Output output, DeployOutcome o) {
        boolean applied = o.applied();
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
            out.put("database", o.database().map(d -> d.results().stream().map(Output::asMap).toList()).orElse(List.of()));
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
        if (o.database().isPresent()) {
            RunSummary db = o.database().get();
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
