package io.rolestack.cli;

import io.rolestack.core.naming.HostName;
import io.rolestack.core.naming.NamingScheme;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.platform.provider.RoleCatalogs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "role", description = "What a hostname means.", subcommands = {RoleCommand.Explain.class})
final class RoleCommand {

    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "Prints the identity a hostname gives a host (roles, index, environment, domain, primary) and what "
                    + "the role catalog installs there (packages, services, files, ports, health checks, pools read).")
    static final class Explain implements Callable<Integer> {
        @Parameters(paramLabel = "HOST", description = "e.g. redis-sessions1.production.wpdn")
        String host;

        @Option(names = {"-f", "--file"}, paramLabel = "SPEC",
                description = "Use this spec's naming scheme and default environment/domain.")
        Path spec;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec cmd;

        @Override
        public Integer call() {
            NamingScheme scheme = spec == null ? NamingScheme.DEFAULT : SpecLoader.load(spec).naming();
            HostName h = HostName.parse(host, scheme);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("host", h.fqdn());
            out.put("shortName", h.shortName());
            out.put("role", h.role());
            out.put("roles", h.roles());
            out.put("qualifiers", h.qualifiers());
            out.put("index", h.indexValue().orElse(null));
            out.put("environment", h.environment());
            out.put("domain", h.domain());
            out.put("primary", h.primary());
            out.put("pool", h.poolKey());
            // What the role catalog gives this host (bundled roles, or the spec's catalog and vars).
            var catalog = spec == null ? io.rolestack.role.catalog.RoleCatalog.load(java.util.Optional.empty())
                    : RoleCatalogs.catalog(SpecLoader.load(spec));
            var e = catalog.explain(h);
            out.put("catalogRoles", e.roles());
            out.put("packages", e.packages());
            out.put("services", e.services());
            out.put("files", e.files());
            out.put("ports", e.ports().stream().map(Object::toString).toList());
            out.put("checks", e.checks().stream().map(Object::toString).toList());
            out.put("poolsRead", e.poolsRead());
            PrintWriter w = cmd.commandLine().getOut();
            if (json) {
                w.println(Json.write(out));
            } else {
                out.forEach((k, v) -> w.printf("%-12s %s%n", k + ":", v == null ? "-" : v));
            }
            w.flush();
            return 0;
        }
    }
}
