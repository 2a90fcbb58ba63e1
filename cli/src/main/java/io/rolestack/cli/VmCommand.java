package io.rolestack.cli;

import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.result.RunSummary;
import io.rolestack.platform.Platform;
import io.rolestack.platform.vm.VmSelection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

@Command(name = "vm", description = "Hosts of the spec's provider (OpenStack servers or local hosts).",
        subcommands = {VmCommand.Create.class, VmCommand.ListVms.class, VmCommand.Delete.class, VmCommand.Reboot.class})
final class VmCommand {

    static Platform open(SpecFile spec, Output output) {
        return Platform.open(spec.load(), PlatformArguments.base(output, null));
    }

    static VmSelection selection(List<String> hosts) {
        return hosts == null ? VmSelection.all() : new VmSelection(hosts);
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
            return output.results(open(spec, output).createVms(selection(hosts)).results());
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
            Inventory inv = open(spec, output).listVms();
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

    abstract static class PerHost implements Callable<Integer> {
        @Mixin
        SpecFile spec;
        @Mixin
        Output output;
        @Parameters(paramLabel = "HOST", arity = "1..*")
        List<String> hosts;

        abstract BiFunction<Platform, VmSelection, RunSummary> action();

        @Override
        public Integer call() {
            return output.results(action().apply(open(spec, output), selection(hosts)).results());
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes hosts (absent ones are ok).")
    static final class Delete extends PerHost {
        @Override
        BiFunction<Platform, VmSelection, RunSummary> action() {
            return Platform::deleteVms;
        }
    }

    @Command(name = "reboot", mixinStandardHelpOptions = true, description = "Hard-reboots hosts (what OOM or unreachable hosts get).")
    static final class Reboot extends PerHost {
        @Override
        BiFunction<Platform, VmSelection, RunSummary> action() {
            return Platform::rebootVms;
        }
    }
}
