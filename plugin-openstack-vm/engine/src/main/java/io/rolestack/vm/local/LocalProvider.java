package io.rolestack.vm.local;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.result.Result;
import io.rolestack.vm.VmProvider;
import io.rolestack.vm.VmRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link VmProvider} over {@link LocalPlatform}: the provider behind
 * {@code provider: local}. Flavors and ports are ignored (every local host
 * has the same size; the network has no security groups: hosts are reached
 * only through the jump host anyway).
 */
public final class LocalProvider implements VmProvider {
    private final LocalPlatform platform;

    public LocalProvider(LocalSettings settings) {
        this(new LocalPlatform(settings));
    }

    public LocalProvider(LocalPlatform platform) {
        this.platform = platform;
    }

    @Override
    public String type() {
        return "local";
    }

    /**
     * One environment at a time per call group; the request marked
     * {@code jump} (or the environment's existing jump host) becomes the jump host.
     */
    @Override
    public List<Result> create(List<VmRequest> requests, Progress progress) {
        Map<String, List<VmRequest>> byEnv = new LinkedHashMap<>();
        for (VmRequest r : requests) byEnv.computeIfAbsent(r.name().environment(), e -> new ArrayList<>()).add(r);
        Map<String, Result> results = new LinkedHashMap<>();
        for (Map.Entry<String, List<VmRequest>> e : byEnv.entrySet()) {
            List<VmRequest> rs = e.getValue();
            List<HostName> jumps = rs.stream().filter(VmRequest::jump).map(VmRequest::name).toList();
            if (jumps.size() > 1) throw new IllegalArgumentException("environment " + e.getKey() + " has more than one jump host: " + jumps);
            Optional<HostName> jump = jumps.stream().findFirst()
                    .or(() -> platform.environment(e.getKey()).map(env -> env.jump().name()));
            if (jump.isEmpty()) {
                throw new IllegalArgumentException("environment " + e.getKey() + " has no jump host: mark one request as jump");
            }
            List<HostName> names = rs.stream().map(VmRequest::name).toList();
            for (Result r : platform.create(names, jump.get(), progress)) results.put(r.host(), r);
        }
        // one result per request, in request order (the platform may also report an existing jump host)
        return requests.stream().map(r -> results.get(r.name().fqdn())).toList();
    }

    @Override
    public Inventory list(String environment) {
        return platform.environment(environment).map(LocalEnvironment::inventory).orElse(Inventory.empty());
    }

    @Override
    public Result delete(HostName name, Progress progress) {
        return platform.delete(name, progress);
    }

    @Override
    public Result hardReboot(HostName name, Progress progress) {
        return platform.hardReboot(name, progress);
    }
}
