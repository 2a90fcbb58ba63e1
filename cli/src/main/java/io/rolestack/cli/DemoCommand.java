package io.rolestack.cli;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.Fanout;
import io.rolestack.core.result.Result;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.health.HealthReport;
import io.rolestack.platform.app.AppValues;
import io.rolestack.platform.Platform;
import io.rolestack.platform.deploy.DeployOutcome;
import io.rolestack.platform.health.HealthRequest;
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
                + "frontend1), installs their roles (nginx, php-fpm, memcached, MariaDB) through the jump host, sets up MariaDB "
                + "replication over TLS, and prints what it finds, then every host's health checks; then deploys the spec's apps "
                + "(WordPress, built by scripts/app-repo), runs their setup and prints how to reach them. Needs root.",
                "Running it again changes nothing."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = {"-f", "--file"}, paramLabel = "SPEC", defaultValue = "examples/platform-local.yaml",
            description = "A spec with provider: local (default: ${DEFAULT-VALUE}).")
    Path file;

    @Mixin
    Output output;

    @Option(names = "--secrets", paramLabel = "DIR", description = "MariaDB CA and replication secrets (default ~/.config/rolestack/secrets/ENV).")
    Path secrets;

    record HostRow(String host, List<String> roles, String ip, boolean reachable, String os, long changed, String status) {
    }

    @Override
    public Integer call() {
        PlatformSpec s = SpecLoader.load(file);
        if (!s.provider().type().equals("local")) {
            throw new Rolestack.UsageError(file + ": the demo runs on local hosts; this spec's provider is " + s.provider().type());
        }
        // The whole platform: hosts, roles, MariaDB replication over TLS (what `apply` does).
        Platform platform = Platform.open(s, PlatformArguments.base(output, secrets));
        DeployOutcome deployed = platform.apply();
        List<Result> created = deployed.hosts();
        if (deployed.summary().anyFailed()) {
            DeployCommands.print(output, deployed);
            return Rolestack.FAILED;
        }
        List<HostRow> rows;
        try (Platform.Access open = platform.access()) {
            var access = open.hosts();
            List<Host> hosts = access.inventory().hosts();
            var reports = deployed.roles().byHost();
            rows = Fanout.run(hosts, Fanout.DEFAULT_PARALLELISM, h -> {
                ExecResult r = access.apply(h).run(". /etc/os-release && echo \"$PRETTY_NAME\"");
                var report = reports.get(h.fqdn());
                return new HostRow(h.fqdn(), report == null ? h.name().roles() : report.roles(), h.privateIp(), true,
                        r.stdout().strip(), report == null ? 0 : report.changed().size(),
                        report == null ? "-" : report.status().name().toLowerCase());
            }, (h, e) -> new HostRow(h.fqdn(), h.name().roles(), h.privateIp(), false, e.getMessage(), 0, "failed"));
        }
        // The demo ends as an operator's first check would: every host's health checks, all at once.
        HealthReport health = platform.health(HealthRequest.defaults());
        List<String> unhealthy = health.summary().results().stream().filter(Result::failed)
                .map(r -> r.host() + " " + r.operation() + ": " + r.message()).toList();
        // The spec's apps (WordPress from scripts/app-repo in examples/platform-local.yaml): deployed, set up, reachable.
        Map<String, String> frontends = new LinkedHashMap<>();
        rows.stream().filter(r -> r.roles().contains("frontend")).forEach(r -> frontends.put(r.host().split("\\.")[0], r.ip()));
        DemoApps.Done apps = s.apps().isEmpty() ? null : DemoApps.run(platform, s, frontends,
                secrets != null ? secrets.toString() : "~/.config/rolestack/secrets/" + s.environment());
        if (output.json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("hosts", rows);
            out.put("health", Map.of("checks", health.summary().results().size(), "failed", unhealthy));
            out.put("created", created.stream().map(Output::asMap).toList());
            if (apps != null) {
                out.put("apps", AppValues.of(apps.deployed()).get("apps"));
                out.put("appSetup", apps.setup());
                out.put("howToReach", apps.howToReach());
            }
            out.put("database", deployed.database().map(d -> d.results().stream().map(Output::asMap).toList()).orElse(List.of()));
            output.out().println(Json.write(out));
        } else {
            Table t = new Table("HOST", "ROLES", "IP", "REACHABLE", "OS", "STATUS", "CHANGED");
            String jump = s.jump().fqdn();
            rows.forEach(r -> t.row(r.host(), String.join(",", r.roles()), r.ip(),
                    !r.reachable() ? "NO" : r.host().equals(jump) ? "yes (direct)" : "yes (via " + s.jump().shortName() + ")", r.os(),
                    r.status(), r.changed()));
            t.print(output.out());
            if (deployed.database().isPresent()) {
                output.out().printf("%nMariaDB: primary %s, replicas %s, replication over TLS: %d ok, %d changed%n",
                        s.database().orElseThrow().primary().shortName(),
                        s.database().orElseThrow().replicas().stream().map(x -> x.shortName()).toList(),
                        deployed.database().get().count(io.rolestack.core.result.Status.OK),
                        deployed.database().get().count(io.rolestack.core.result.Status.CHANGED));
            }
            output.out().printf("%nHealth (rolestack health -f %s): %d checks on %d hosts, %d failed%n",
                    file, health.summary().results().size(), health.hosts().size(), unhealthy.size());
            unhealthy.forEach(u -> output.out().println("  failed " + u));
            if (apps != null) DemoApps.print(output.out(), apps);
        }
        output.out().flush();
        return rows.stream().allMatch(HostRow::reachable) && health.healthy() && (apps == null || apps.ok()) ? 0 : Rolestack.FAILED;
    }
}
