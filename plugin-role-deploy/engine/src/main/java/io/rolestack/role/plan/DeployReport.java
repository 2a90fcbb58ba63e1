package io.rolestack.role.plan;

import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A whole run: per-host reports in inventory order, and the summary the CLI prints and exits with. */
public record DeployReport(boolean applied, List<HostReport> hosts, Duration took) {
    public DeployReport {
        hosts = List.copyOf(hosts);
    }

    /** Nothing was run (no host to reach yet). */
    public static DeployReport none() {
        return new DeployReport(false, List.of(), Duration.ZERO);
    }

    public RunSummary summary() {
        List<Result> all = new ArrayList<>();
        hosts.forEach(h -> all.addAll(h.results()));
        return new RunSummary(all);
    }

    public Optional<HostReport> host(String shortOrFqdn) {
        return hosts.stream().filter(h -> h.host().equals(shortOrFqdn) || h.host().startsWith(shortOrFqdn + "."))
                .findFirst();
    }

    public Map<String, HostReport> byHost() {
        return hosts.stream().collect(Collectors.toMap(HostReport::host, Function.identity(), (a, b) -> a,
                java.util.LinkedHashMap::new));
    }
}
