package io.rolestack.cli;

import io.rolestack.core.result.Result;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.platform.provider.Providers;
import io.rolestack.vm.local.LocalEnvironment;
import io.rolestack.vm.local.LocalPlatform;
import io.rolestack.vm.local.LocalSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "local", description = "Local hosts: real Debian hosts in namespaces on this machine, behind a jump host (needs root).",
        subcommands = {LocalCommand.Up.class, LocalCommand.Down.class, LocalCommand.ListHosts.class})
final class LocalCommand {

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Creates the spec's hosts that do not exist yet (jump host first). Running it again creates nothing.")
    static final class Up implements Callable<Integer> {
        @Mixin
        SpecFile spec;
        @Mixin
        Output output;

        @Override
        public Integer call() {
            PlatformSpec s = spec.load();
            LocalPlatform local = Providers.local(s);
            List<Result> results = local.create(s.hosts(), s.jump(), output.progress());
            return output.results(results);
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Removes the environment's hosts and everything made for them (namespaces, links, mounts, NAT rules), nothing else.")
    static final class Down implements Callable<Integer> {
        @Mixin
        SpecFile spec;
        @Mixin
        Output output;

        @Override
        public Integer call() {
            PlatformSpec s = spec.load();
            Result r = Providers.local(s).down(s.environment(), output.progress());
            return output.results(List.of(r));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Local environments and their hosts.")
    static final class ListHosts implements Callable<Integer> {
        @Option(names = {"-f", "--file"}, paramLabel = "SPEC", description = "Read stateDir from this spec.")
        java.nio.file.Path file;
        @Mixin
        Output output;

        @Override
        public Integer call() {
            LocalSettings settings = file == null ? LocalSettings.defaults()
                    : Providers.localSettings(io.rolestack.core.spec.SpecLoader.load(file));
            List<LocalEnvironment> envs = new LocalPlatform(settings).list();
            if (output.json) {
                List<Map<String, Object>> out = envs.stream().flatMap(e -> e.inventory().hosts().stream().map(h -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("environment", e.environment());
                    m.put("host", h.fqdn());
                    m.put("role", h.role());
                    m.put("privateIp", h.privateIp());
                    m.put("publicIp", h.publicIpOrNull());
                    m.put("jump", h.fqdn().equals(e.jump().fqdn()));
                    return m;
                })).toList();
                output.out().println(Json.write(out));
                output.out().flush();
                return 0;
            }
            Table t = new Table("ENVIRONMENT", "HOST", "ROLE", "PRIVATE IP", "REACHED AT");
            for (LocalEnvironment e : envs) {
                for (var h : e.inventory().hosts()) {
                    boolean jump = h.fqdn().equals(e.jump().fqdn());
                    t.row(e.environment(), h.fqdn(), h.role(), h.privateIp(), jump ? e.jumpAddress() + " (from this machine)" : "via " + e.jump().shortName());
                }
            }
            t.print(output.out());
            return 0;
        }
    }
}
