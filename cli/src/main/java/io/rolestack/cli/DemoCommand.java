package io.rolestack.cli;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.Fanout;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.core.result.Result;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.vm.local.LocalPlatform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The example platform on local hosts: creates the hosts (jump, masterdb1, db2, memcache1, app1, "
                + "frontend1), connects to each through the jump host and prints what it finds. Needs root.",
                "Running it again creates nothing new."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = {"-f", "--file"}, paramLabel = "SPEC", defaultValue = "examples/platform-local.yaml",
            description = "A spec with provider: local (default: ${DEFAULT-VALUE}).")
    Path file;

    @Mixin
    Output output;

    record HostRow(String host, List<String> roles, String ip, boolean reachable, String os) {
    }

    @Override
    public Integer call() {
        PlatformSpec s = SpecLoader.load(file);
        if (!s.provider().type().equals("local")) {
            throw new Rolestack.UsageError(file + ": the demo runs on local hosts; this spec's provider is " + s.provider().type());
        }
        LocalPlatform local = Providers.local(s);
        List<Result> created = local.create(s.hosts(), s.jump(), output.progress());
        if (created.stream().anyMatch(Result::failed)) {
            output.results(created);
            return Rolestack.FAILED;
        }
        List<HostRow> rows;
        try (PlatformAccess access = HostAccess.open(s, null)) {
            List<Host> hosts = access.inventory().hosts();
            rows = Fanout.run(hosts, Fanout.DEFAULT_PARALLELISM, h -> {
                ExecResult r = access.apply(h).run(". /etc/os-release && echo \"$PRETTY_NAME\"");
                return new HostRow(h.fqdn(), h.name().roles(), h.privateIp(), true, r.stdout().strip());
            }, (h, e) -> new HostRow(h.fqdn(), h.name().roles(), h.privateIp(), false, e.getMessage()));
        }
        if (output.json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("hosts", rows);
            out.put("created", created.stream().map(Output::asMap).toList());
            output.out().println(Json.write(out));
        } else {
            Table t = new Table("HOST", "ROLES", "IP", "REACHABLE", "OS");
            String jump = s.jump().fqdn();
            rows.forEach(r -> t.row(r.host(), String.join(",", r.roles()), r.ip(),
                    !r.reachable() ? "NO" : r.host().equals(jump) ? "yes (direct)" : "yes (via " + s.jump().shortName() + ")", r.os()));
            t.print(output.out());
        }
        output.out().flush();
        return rows.stream().allMatch(HostRow::reachable) ? 0 : Rolestack.FAILED;
    }
}
