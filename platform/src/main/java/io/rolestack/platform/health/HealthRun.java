package io.rolestack.platform.health;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.health.CheckResult;
import io.rolestack.health.HealthChecker;
import io.rolestack.health.HealthReport;
import io.rolestack.health.HostHealth;
import io.rolestack.health.probe.HostProbes;
import io.rolestack.platform.PlatformContext;
import io.rolestack.role.catalog.Role;
import io.rolestack.role.ops.Capability;
import io.rolestack.role.watch.WatchedService;
import io.rolestack.vm.VmProvider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The health operation: the spec's selected hosts, each checked as its roles
 * declare, all through the jump host at once. A host of the spec the provider
 * does not have, or whose roles are unknown, fails alone; the others are checked.
 */
public final class HealthRun {
    private final PlatformContext context;

    public HealthRun(PlatformContext context) {
        this.context = context;
    }

    public HealthReport run(HealthRequest request) {
        // Platform.open has refused a limit that selects no host.
        List<HostName> selected = context.selectedHosts();
        int replicas = context.spec().database().map(d -> d.replicas().size()).orElse(0);
        try (VmProvider provider = context.openProvider(); PlatformAccess access = context.openAccess(provider)) {
            Map<String, Host> running = access.inventory().hosts().stream()
                    .collect(Collectors.toMap(Host::fqdn, Function.identity(), (a, b) -> a));
            Map<String, HostHealth> results = new LinkedHashMap<>();
            List<HealthChecker.Target> targets = new ArrayList<>();
            for (HostName n : selected) {
                results.put(n.fqdn(), null); // keeps the spec's order
                Host h = running.get(n.fqdn());
                if (h == null) {
                    results.put(n.fqdn(), HostHealth.unreachable(n.fqdn(), "not running: the provider has no such host"));
                    continue;
                }
                List<Role> roles;
                try {
                    roles = context.catalog().rolesFor(n);
                } catch (RuntimeException unknownRole) {
                    results.put(n.fqdn(), new HostHealth(n.fqdn(), List.of(CheckResult.failed("roles",
                            "roles known to the catalog", String.valueOf(unknownRole.getMessage())))));
                    continue;
                }
                targets.add(new HealthChecker.Target(h, HostProbes.of(h, roles, replicas, request.thresholds(),
                        context.deployOptions().capabilities().contains(Capability.CLOCK)), WatchedService.of(roles)));
            }
            HealthReport checked = new HealthChecker(access, context.options().parallelism(), context.options().progress(),
                    request.repair())
                    .check(targets);
            checked.hosts().forEach(hh -> results.put(hh.host(), hh));
            return new HealthReport(List.copyOf(results.values()));
        }
    }
}
