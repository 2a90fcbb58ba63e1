package io.rolestack.cli;

import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.result.Result;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.vm.VmProvider;
import io.rolestack.vm.VmRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

@Command(name = "vm", description = "Hosts of the spec's provider (OpenStack servers or local hosts).",
        subcommands = {VmCommand.Create.class, VmCommand.ListVms.class, VmCommand.Delete.class, VmCommand.Reboot.class})
final class VmCommand {

    /** The spec's hosts named on the command line (short or full names), or all of them. */
    static List<HostName> select(PlatformSpec s, List<String> names) {
        if (names == null || names.isEmpty()) return s.allHosts();
        List<HostName> out = new ArrayList<>();
        for (String n : names) {
            out.add(s.host(n).orElseThrow(() -> new Rolestack.UsageError("'" + n + "' is not a host of " + s.source())));
        }
        return out;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates the hosts that do not exist (concurrently); existing ones are reported ok.")
    static final class Create implements Callable<Integer> {
        @Mixin
        SpecFile spec;
        @Mixin
        Output output;
        @Parameters(paramLabel = "HOST", arity = "0..*", description = "Only these hosts (default: all).")
        List<String> hosts;

        @Override
        public Integer call() {
            PlatformSpec s = spec.load();
            List<HostName> chosen = select(s, hosts);
            List<VmRequest> requests = Providers.requests(s, h -> Roles.catalog(s).explain(h).ports()).stream()
                    .filter(r -> chosen.contains(r.name()) || r.jump()).toList();
            try (VmProvider p = Providers.open(s, Rolestack.environment())) {
                List<Result> results = p.create(requests, output.progress());
                return output.results(results);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The environment's hosts as the provider has them.")
    static final class ListVms implements Callable<Integer> {
        @Mixin
        SpecFile spec;
        @Mixin
        Output output;

        @Override
        public Integer call() {
            PlatformSpec s = spec.load();
            try (VmProvider p = Providers.open(s, Rolestack.environment())) {
                Inventory inv = p.list(s.environment());
                if (output.json) {
                    List<Map<String, Object>> out = inv.hosts().stream().map(h -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("host", h.fqdn());
                        m.put("role", h.role());
                        m.put("privateIp", h.privateIp());
                        m.put("publicIp", h.publicIpOrNull());
                        m.put("id", h.providerId());
                        return m;
                    }).toList();
                    output.out().println(Json.write(out));
                    output.out().flush();
                } else {
                    Table t = new Table("HOST", "ROLE", "PRIVATE IP", "PUBLIC IP", "ID");
                    inv.hosts().forEach(h -> t.row(h.fqdn(), h.role(), h.privateIp(), h.publicIpOrNull(), h.providerId()));
                    t.print(output.out());
                }
                return 0;
            }
        }
    }

    abstract static class PerHost implements Callable<Integer> {
        @Mixin
        SpecFile spec;
        @Mixin
        Output output;
        @Parameters(paramLabel = "HOST", arity = "1..*")
        List<String> hosts;

        abstract BiFunction<VmProvider, HostName, Result> action(Output output);

        @Override
        public Integer call() {
            PlatformSpec s = spec.load();
            List<HostName> chosen = select(s, hosts);
            try (VmProvider p = Providers.open(s, Rolestack.environment())) {
                List<Result> results = chosen.stream().map(h -> action(output).apply(p, h)).toList();
                return output.results(results);
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes hosts (absent ones are ok).")
    static final class Delete extends PerHost {
        @Override
        BiFunction<VmProvider, HostName, Result> action(Output o) {
            return (p, h) -> p.delete(h, o.progress());
        }
    }

    @Command(name = "reboot", mixinStandardHelpOptions = true, description = "Hard-reboots hosts (what OOM or unreachable hosts get).")
    static final class Reboot extends PerHost {
        @Override
        BiFunction<VmProvider, HostName, Result> action(Output o) {
            return (p, h) -> p.hardReboot(h, o.progress());
        }
    }
}
