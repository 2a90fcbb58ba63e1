package io.rolestack.vm.openstack;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.result.Result;
import io.rolestack.core.wait.Wait;
import io.rolestack.vm.VmProvider;
import io.rolestack.vm.VmRequest;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.compute.Address;
import org.openstack4j.model.compute.RebootType;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.compute.ServerCreate;
import org.openstack4j.model.compute.builder.ServerCreateBuilder;
import org.openstack4j.model.network.NetFloatingIP;
import org.openstack4j.model.network.options.PortListOptions;
import org.openstack4j.openstack.OSFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Servers on OpenStack through openstack4j (Keystone v3, Nova, Neutron, Glance).
 *
 * <p>{@link #create} is idempotent by server name (the host's fqdn): it reads
 * what exists, boots only what is missing, at most {@code concurrency} API calls
 * at a time, then watches every building server with one list call per poll
 * (so waiting for 50 servers costs what waiting for one does). A server that
 * ends in ERROR is deleted and its fault reported. Security groups come from the
 * ports each role declares; only the jump host gets a floating IP.
 */
public final class OpenStackProvider implements VmProvider {
    static final String ROLE_KEY = "rolestack:role";
    static final String ENVIRONMENT_KEY = "rolestack:environment";
    private static final int ATTEMPTS = 4;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    private final OpenStackSettings settings;
    private final ApiCalls calls;
    private final ExecutorService workers;
    private final Optional<HostKeyPins> hostKeys;
    private final SecurityGroups groups;

    private OpenStackProvider(OpenStackSettings settings, ApiCalls calls, Optional<HostKeyPins> hostKeys) {
        this.settings = settings;
        this.calls = calls;
        this.hostKeys = hostKeys;
        this.groups = new SecurityGroups(calls);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "openstack-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The CLI's entry point: finds the credentials (explicit fields, clouds.yaml,
     * {@code OS_*} in {@code env}), logs in to Keystone and returns a provider.
     * Throws IllegalArgumentException for bad settings or missing credentials,
     * {@link OpenStackApiException} when Keystone refuses or cannot be reached.
     */
    public static OpenStackProvider create(OpenStackSettings settings, Map<String, String> env) {
        return connect(settings, OpenStackAuth.resolve(settings, env));
    }

    /**
     * As {@link #create(OpenStackSettings, Map)}, and every server it boots gets host keys
     * generated here, injected through cloud-init and pinned in {@code hostKeys}' known_hosts
     * before the first connection ({@code delete} removes them again).
     */
    public static OpenStackProvider create(OpenStackSettings settings, Map<String, String> env, HostKeyPins hostKeys) {
        return connect(settings, OpenStackAuth.resolve(settings, env), Objects.requireNonNull(hostKeys, "hostKeys"));
    }

    /** Logs in with these credentials. */
    public static OpenStackProvider connect(OpenStackSettings settings, OpenStackCredentials credentials) {
        return connect(settings, credentials, null);
    }

    /** Logs in with these credentials; {@code hostKeys} null: servers make their own host keys (pinned by hand or TOFU). */
    public static OpenStackProvider connect(OpenStackSettings settings, OpenStackCredentials credentials, HostKeyPins hostKeys) {
        Objects.requireNonNull(settings, "settings");
        credentials.validated("the given credentials");
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, settings.callTimeout().toMillis());
        Config config = Config.newConfig().withConnectionTimeout(timeoutMs).withReadTimeout(timeoutMs);
        ApiCalls calls = new ApiCalls(settings.callTimeout(), ATTEMPTS, FIRST_BACKOFF, credentials.secrets());
        try {
            KeystoneTokens tokens = new KeystoneTokens(credentials, config, calls, settings.callTimeout());
            Optional<String> region = credentials.region();
            Supplier<OSClientV3> bound = () -> {
                OSClientV3 c = OSFactory.clientFromToken(tokens.current(), Facing.PUBLIC, config);
                region.ifPresent(c::useRegion);
                return c;
            };
            calls.bind(bound);
            return new OpenStackProvider(settings, calls, Optional.ofNullable(hostKeys));
        } catch (RuntimeException e) {
            calls.close();
            throw e;
        }
    }

    @Override
    public String type() {
        return "openstack";
    }

    public OpenStackSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- create

    /** A server booted (or found building) and not yet ACTIVE. */
    private record Building(VmRequest request, String serverId, Instant started, boolean booted) {
    }

    @Override
    public List<Result> create(List<VmRequest> requests, Progress progress) {
        Instant start = Instant.now();
        validate(requests);
        Map<VmRequest, Result> results = new LinkedHashMap<>();
        requests.forEach(r -> results.put(r, null));

        Shared shared;
        Map<String, String> groupDiff;
        try {
            shared = Shared.lookUp(settings, calls, requests, progress);
            groupDiff = groups.ensure(SecurityGroupPlan.of(requests, settings.subnetCidr(), settings.sshFrom()), progress);
        } catch (OpenStackApiException | IllegalArgumentException e) {
            String why = calls.scrub(e.getMessage());
            List<Result> failed = new ArrayList<>();
            for (VmRequest r : requests) {
                Result f = Result.failed(r.name().fqdn(), "server create", why).took(Duration.between(start, Instant.now()));
                progress.result(f);
                failed.add(f);
            }
            return failed;
        }

        // What exists: one list call, matched by exact name.
        Map<String, List<Server>> existing;
        try {
            existing = serversByName();
        } catch (OpenStackApiException e) {
            return failAll(requests, e, start, progress);
        }

        List<Future<Object>> boots = new ArrayList<>();
        for (VmRequest r : requests) {
            boots.add(workers.submit(() -> bootOrReuse(r, existing.getOrDefault(r.name().fqdn(), List.of()), shared, groupDiff, progress)));
        }
        List<Building> building = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Object outcome = await(boots.get(i), requests.get(i));
            if (outcome instanceof Result res) results.put(requests.get(i), res);
            else building.add((Building) outcome);
        }
        waitForActive(building, results, groupDiff, progress);

        List<Result> out = new ArrayList<>();
        for (Map.Entry<VmRequest, Result> e : results.entrySet()) {
            Result r = e.getValue() == null
                    ? Result.failed(e.getKey().name().fqdn(), "server create", "no outcome (internal error)")
                    : e.getValue();
            out.add(r);
        }
        return out;
    }

    private void validate(List<VmRequest> requests) {
        settings.requireForCreate();
        Set<String> names = new LinkedHashSet<>();
        int jumps = 0;
        for (VmRequest r : requests) {
            if (!names.add(r.name().fqdn())) throw new IllegalArgumentException("host " + r.name().fqdn() + " is asked for twice");
            if (r.jump()) jumps++;
            settings.flavorFor(r.name().role(), r.flavor());
            UserData.render(r.name(), settings.deployUser(), settings.deployPublicKey());
            for (String k : r.metadata().keySet()) {
                if (k.equals(ROLE_KEY) || k.equals(ENVIRONMENT_KEY)) {
                    throw new IllegalArgumentException("host " + r.name().fqdn() + ": metadata key " + k + " is set by the provider");
                }
            }
        }
        Set<String> envs = new LinkedHashSet<>();
        requests.stream().filter(VmRequest::jump).forEach(r -> envs.add(r.name().environment()));
        if (jumps > envs.size()) throw new IllegalArgumentException("more than one jump host per environment in " + names);
    }

    /** How an existing server differs from its request: flavor, image, network, missing security groups. */
    private List<String> driftOf(VmRequest r, Server s, Shared shared) {
        List<String> out = new ArrayList<>();
        String wanted = settings.flavorFor(r.name().role(), r.flavor());
        String flavorId = s.getFlavorId() != null ? s.getFlavorId() : s.getFlavor() != null ? s.getFlavor().getId() : null;
        if (flavorId != null && !flavorId.equals(shared.flavorIds().get(wanted))) {
            out.add("flavor " + shared.flavorNames().getOrDefault(flavorId, flavorId) + ", spec says " + wanted);
        }
        String imageId = s.getImageId() != null ? s.getImageId() : s.getImage() != null ? s.getImage().getId() : null;
        if (imageId != null && !imageId.isEmpty() && !imageId.equals(shared.imageId())) {
            out.add("image " + imageId + ", spec says " + settings.image() + " (" + shared.imageId() + ")");
        }
        if (s.getAddresses() != null && s.getAddresses().getAddresses() != null && !s.getAddresses().getAddresses().isEmpty()
                && !s.getAddresses().getAddresses().containsKey(shared.networkName())) {
            out.add("network " + String.join(",", new java.util.TreeSet<>(s.getAddresses().getAddresses().keySet()))
                    + ", spec says " + shared.networkName());
        }
        Set<String> have = SecurityGroups.names(s);
        List<String> missing = SecurityGroupPlan.groupsFor(r).stream().filter(g -> !have.contains(g)).toList();
        if (!missing.isEmpty()) out.add("security groups " + String.join(", ", missing) + " missing");
        return out;
    }

    /**
     * Read-only: for every request whose server exists, a {@code changed} Result naming how it differs
     * from the spec (flavor, image, network, missing security groups); nothing for servers that match
     * or do not exist. Lookup failures are {@code failed} Results.
     */
    @Override
    public List<Result> drift(List<VmRequest> requests) {
        List<Result> out = new ArrayList<>();
        try {
            Shared shared = Shared.lookUp(settings, calls, requests, Progress.NONE);
            Map<String, List<Server>> existing = serversByName();
            for (VmRequest r : requests) {
                for (Server s : existing.getOrDefault(r.name().fqdn(), List.of())) {
                    List<String> d = driftOf(r, s, shared);
                    if (d.isEmpty()) continue;
                    StringBuilder diff = new StringBuilder();
                    d.forEach(line -> diff.append("~ ").append(line).append('\n'));
                    out.add(Result.changed(r.name().fqdn(), "server drift", String.join("; ", d), diff.toString()));
                }
            }
        } catch (OpenStackApiException | IllegalArgumentException e) {
            String why = calls.scrub(e.getMessage());
            return requests.stream().map(r -> Result.failed(r.name().fqdn(), "server drift", why)).toList();
        }
        return out;
    }

    private Map<String, List<Server>> serversByName() {
        List<? extends Server> servers = calls.call("servers", "GET /servers/detail", os -> os.compute().servers().list(true));
        Map<String, List<Server>> byName = new HashMap<>();
        for (Server s : servers) byName.computeIfAbsent(s.getName(), k -> new ArrayList<>()).add(s);
        return byName;
    }

    /** Returns a final Result, or a Building when the server still has to become ACTIVE. */
    private Object bootOrReuse(VmRequest r, List<Server> sameName, Shared shared, Map<String, String> groupDiffs, Progress progress) {
        String host = r.name().fqdn();
        String groupDiff = SecurityGroups.diffFor(r, groupDiffs);
        Instant start = Instant.now();
        try {
            if (sameName.size() > 1) {
                return Result.failed(host, "server create", sameName.size() + " servers are named " + host
                        + " (ids " + sameName.stream().map(Server::getId).toList() + "); delete the extra ones");
            }
            if (sameName.size() == 1) {
                Server s = sameName.get(0);
                Server.Status st = s.getStatus();
                if (st == Server.Status.ACTIVE) {
                    String attached = groups.attachMissing(r, s, progress);
                    String fip = r.jump() ? ensureFloatingIp(r, s.getId(), progress) : "";
                    // Keys this provider generated for it (a run that stopped before pinning): pinned now.
                    // A server without stored keys (booted before host keys were injected) keeps what is pinned.
                    List<String> addrs = new ArrayList<>(addresses(s, "fixed"));
                    if (!fip.isEmpty()) addrs.add(fip.substring(fip.lastIndexOf(' ') + 1).trim());
                    addrs.addAll(addresses(s, "floating"));
                    hostKeys.ifPresent(p -> p.stored(r.name()).ifPresent(k -> p.pin(r.name(), k, addrs)));
                    List<String> drift = driftOf(r, s, shared).stream().filter(d -> !d.startsWith("security group")).toList();
                    String msg = "exists (ACTIVE, id " + s.getId() + ")"
                            + (drift.isEmpty() ? "" : "; differs from the spec, left as it is: " + String.join("; ", drift));
                    Result res = fip.startsWith("+") ? Result.changed(host, "server create", msg + ", floating IP added", groupDiff + attached + fip)
                            : (!groupDiff.isEmpty() || !attached.isEmpty() ? Result.changed(host, "server create", msg + ", security groups updated", groupDiff + attached)
                            : Result.ok(host, "server create", msg));
                    res = res.took(Duration.between(start, Instant.now()));
                    progress.result(res);
                    return res;
                }
                if (st == Server.Status.BUILD) {
                    progress.step(host, "exists, still BUILD; waiting (id " + s.getId() + ")");
                    return new Building(r, s.getId(), start, false);
                }
                if (st == Server.Status.ERROR) {
                    // A server left in ERROR by an earlier run: replace it.
                    progress.step(host, "exists in ERROR (" + fault(s) + "); deleting it and booting anew");
                    deleteServer(host, s.getId());
                } else {
                    Result res = Result.ok(host, "server create", "exists in state " + st + " (id " + s.getId()
                            + "); left as it is").took(Duration.between(start, Instant.now()));
                    progress.result(res);
                    return res;
                }
            }
            String flavor = settings.flavorFor(r.name().role(), r.flavor());
            // Host keys are stored and pinned under the host's names before the POST: a server that
            // exists is never without its pinned keys, even when this run stops right after the boot.
            SshHostKeys keys = null;
            if (hostKeys.isPresent()) {
                keys = hostKeys.get().forNewServer(r.name());
                hostKeys.get().pin(r.name(), keys, List.of());
                progress.step(host, "host keys pinned: " + keys.fingerprints());
            }
            progress.step(host, "booting (flavor " + flavor + ", image " + settings.image() + ")");
            ServerCreateBuilder b = Builders.server().name(host).image(shared.imageId())
                    .flavor(shared.flavorIds().get(flavor)).networks(List.of(shared.networkId()))
                    .userData(UserData.base64(UserData.render(r.name(), settings.deployUser(), settings.deployPublicKey(), keys)));
            if (!settings.keyName().isEmpty()) b = b.keypairName(settings.keyName());
            Map<String, String> meta = new LinkedHashMap<>(r.metadata());
            meta.put(ROLE_KEY, r.name().role());
            meta.put(ENVIRONMENT_KEY, r.name().environment());
            b = b.addMetadata(meta);
            for (String g : SecurityGroupPlan.groupsFor(r)) b = b.addSecurityGroup(g);
            ServerCreate create = b.build();
            // Not retried: a POST that timed out may have created the server; the next run finds it by name.
            Server booted = calls.callOnce(host, "POST /servers", os -> os.compute().servers().boot(create));
            return new Building(r, booted.getId(), start, true);
        } catch (OpenStackApiException | IllegalArgumentException | IllegalStateException e) {
            Result res = Result.failed(host, "server create", calls.scrub(e.getMessage())).took(Duration.between(start, Instant.now()));
            progress.result(res);
            return res;
        }
    }

    /** Watches building servers with one list call per poll until each is ACTIVE, ERROR or out of time. */
    private void waitForActive(List<Building> building, Map<VmRequest, Result> results, Map<String, String> groupDiffs, Progress progress) {
        Map<String, Building> pending = new LinkedHashMap<>();
        building.forEach(b -> pending.put(b.serverId(), b));
        Map<String, Server.Status> lastSeen = new HashMap<>();
        List<Future<Result>> finishing = new ArrayList<>();
        List<VmRequest> finishingFor = new ArrayList<>();
        int failedPolls = 0;
        while (!pending.isEmpty()) {
            ApiCalls.sleep(settings.pollInterval());
            Map<String, Server> now = new HashMap<>();
            try {
                for (Server s : calls.call("servers", "GET /servers/detail", os -> os.compute().servers().list(true))) {
                    now.put(s.getId(), s);
                }
                failedPolls = 0;
            } catch (OpenStackApiException e) {
                if (++failedPolls < ATTEMPTS) continue;
                for (Building b : pending.values()) {
                    results.put(b.request(), done(b, Result.failed(b.request().name().fqdn(), "server create",
                            "cannot see its state: " + calls.scrub(e.getMessage())), progress));
                }
                break;
            }
            for (Building b : List.copyOf(pending.values())) {
                String host = b.request().name().fqdn();
                Server s = now.get(b.serverId());
                Duration waited = Duration.between(b.started(), Instant.now());
                if (s == null) {
                    pending.remove(b.serverId());
                    results.put(b.request(), done(b, Result.failed(host, "server create",
                            "server " + b.serverId() + " disappeared while building"), progress));
                    continue;
                }
                Server.Status st = s.getStatus();
                if (lastSeen.put(b.serverId(), st) != st) progress.step(host, st + " after " + waited.toSeconds() + "s");
                if (st == Server.Status.ACTIVE) {
                    pending.remove(b.serverId());
                    finishingFor.add(b.request());
                    finishing.add(workers.submit(() -> finishActive(b, s, SecurityGroups.diffFor(b.request(), groupDiffs), progress)));
                } else if (st == Server.Status.ERROR) {
                    pending.remove(b.serverId());
                    finishingFor.add(b.request());
                    finishing.add(workers.submit(() -> cleanUpError(b, s, progress)));
                } else if (waited.compareTo(settings.bootTimeout()) > 0) {
                    pending.remove(b.serverId());
                    results.put(b.request(), done(b, Result.failed(host, "server create", "still " + st + " after "
                            + settings.bootTimeout().toSeconds() + "s (timeout); left in place as " + b.serverId()
                            + ", the next run waits for it again"), progress));
                }
            }
        }
        for (int i = 0; i < finishing.size(); i++) {
            Object r = await(finishing.get(i), finishingFor.get(i));
            results.put(finishingFor.get(i), (Result) r);
        }
    }

    private Result finishActive(Building b, Server s, String groupDiff, Progress progress) {
        String host = b.request().name().fqdn();
        String ip = privateIp(s);
        StringBuilder diff = new StringBuilder(groupDiff);
        if (b.booted()) diff.append("+ server ").append(host).append(" id=").append(s.getId()).append(" ip=").append(ip).append('\n');
        String fip = "";
        try {
            if (b.request().jump()) fip = ensureFloatingIp(b.request(), s.getId(), progress);
        } catch (OpenStackApiException e) {
            return done(b, Result.failed(host, "server create", "ACTIVE but " + calls.scrub(e.getMessage())), progress);
        }
        diff.append(fip);
        if (hostKeys.isPresent()) {
            List<String> addrs = new ArrayList<>(List.of(ip));
            if (!fip.isEmpty()) addrs.add(fip.substring(fip.lastIndexOf(' ') + 1).trim());
            addrs.addAll(addresses(s, "floating"));
            try {
                Optional<SshHostKeys> keys = hostKeys.get().stored(b.request().name());
                if (keys.isPresent()) {
                    hostKeys.get().pin(b.request().name(), keys.get(), addrs);
                    if (b.booted()) diff.append("+ host keys ").append(keys.get().fingerprints()).append(" pinned for ")
                            .append(host).append(", ").append(String.join(", ", addrs)).append('\n');
                }
            } catch (IllegalStateException e) {
                return done(b, Result.failed(host, "server create", "ACTIVE but " + e.getMessage()), progress);
            }
        }
        String msg = (b.booted() ? "created" : "became ACTIVE") + " (id " + s.getId() + ", " + ip
                + (fip.isEmpty() ? "" : ", public " + fip.substring(fip.lastIndexOf(' ') + 1).trim()) + ")";
        return done(b, diff.isEmpty() ? Result.ok(host, "server create", msg) : Result.changed(host, "server create", msg, diff.toString()), progress);
    }

    private Result cleanUpError(Building b, Server s, Progress progress) {
        String host = b.request().name().fqdn();
        String fault = fault(s);
        progress.step(host, "ERROR: " + fault + "; deleting the server");
        try {
            deleteServer(host, s.getId());
        } catch (OpenStackApiException e) {
            return done(b, Result.failed(host, "server create", "went to ERROR: " + fault + "; deleting it failed too: "
                    + calls.scrub(e.getMessage())), progress);
        }
        return done(b, Result.failed(host, "server create", "went to ERROR: " + fault + " (server " + s.getId() + " deleted)"), progress);
    }

    private Result done(Building b, Result r, Progress progress) {
        Result timed = r.took(Duration.between(b.started(), Instant.now()));
        progress.result(timed);
        return timed;
    }

    /** Gives the jump host a floating IP unless one is on its port; returns a diff line when it added one. */
    private String ensureFloatingIp(VmRequest r, String serverId, Progress progress) {
        String host = r.name().fqdn();
        List<? extends org.openstack4j.model.network.Port> ports = calls.call(host, "GET /v2.0/ports?device_id=",
                os -> os.networking().port().list(PortListOptions.create().deviceId(serverId)));
        if (ports.isEmpty()) throw new OpenStackApiException(host, "GET /v2.0/ports?device_id=", 0, "the server has no port", false);
        String portId = ports.get(0).getId();
        List<? extends NetFloatingIP> have = calls.call(host, "GET /v2.0/floatingips?port_id=",
                os -> os.networking().floatingip().list(Map.of("port_id", portId)));
        if (!have.isEmpty()) return "";
        String external = Shared.network(calls, settings.floatingNetwork(), "provider.floatingNetwork").getId();
        progress.step(host, "allocating a floating IP on " + settings.floatingNetwork());
        NetFloatingIP fip = calls.callOnce(host, "POST /v2.0/floatingips", os -> os.networking().floatingip()
                .create(Builders.netFloatingIP().floatingNetworkId(external).portId(portId).build()));
        return "+ floating IP " + fip.getFloatingIpAddress() + "\n";
    }

    private void deleteServer(String host, String serverId) {
        // Floating IPs outlive their server in Neutron: release them first.
        List<? extends org.openstack4j.model.network.Port> ports = calls.call(host, "GET /v2.0/ports?device_id=",
                os -> os.networking().port().list(PortListOptions.create().deviceId(serverId)));
        for (org.openstack4j.model.network.Port p : ports) {
            List<? extends NetFloatingIP> fips = calls.call(host, "GET /v2.0/floatingips?port_id=",
                    os -> os.networking().floatingip().list(Map.of("port_id", p.getId())));
            for (NetFloatingIP f : fips) {
                calls.action(host, "DELETE /v2.0/floatingips/" + f.getId(), os -> os.networking().floatingip().delete(f.getId()), true);
            }
        }
        calls.action(host, "DELETE /servers/" + serverId, os -> os.compute().servers().delete(serverId), true);
    }

    private Object await(Future<?> f, VmRequest r) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            return Result.failed(r.name().fqdn(), "server create", "internal error: " + calls.scrub(String.valueOf(e.getCause())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed(r.name().fqdn(), "server create", "interrupted");
        }
    }

    private List<Result> failAll(List<VmRequest> requests, OpenStackApiException e, Instant start, Progress progress) {
        List<Result> out = new ArrayList<>();
        for (VmRequest r : requests) {
            Result f = Result.failed(r.name().fqdn(), "server create", calls.scrub(e.getMessage())).took(Duration.between(start, Instant.now()));
            progress.result(f);
            out.add(f);
        }
        return out;
    }

    // ---------------------------------------------------------------- list

    @Override
    public Inventory list(String environment) {
        List<Host> hosts = new ArrayList<>();
        for (Server s : calls.call("servers of " + environment, "GET /servers/detail", os -> os.compute().servers().list(true))) {
            Map<String, String> meta = s.getMetadata() == null ? Map.of() : s.getMetadata();
            if (!environment.equals(meta.get(ENVIRONMENT_KEY))) continue;
            HostName name;
            try {
                name = HostName.parse(s.getName());
            } catch (IllegalArgumentException e) {
                continue; // tagged for this environment but not named by the scheme: not one of ours
            }
            hosts.add(new Host(name, privateIp(s), publicIp(s), s.getId()));
        }
        return new Inventory(hosts);
    }

    private String privateIp(Server s) {
        return addresses(s, "fixed").stream().findFirst().orElse("");
    }

    private Optional<String> publicIp(Server s) {
        return addresses(s, "floating").stream().findFirst();
    }

    private List<String> addresses(Server s, String type) {
        if (s.getAddresses() == null || s.getAddresses().getAddresses() == null) return List.of();
        List<String> out = new ArrayList<>();
        Map<String, List<? extends Address>> all = s.getAddresses().getAddresses();
        // The configured network first, so a second NIC never becomes the private address.
        List<String> nets = new ArrayList<>(all.keySet());
        nets.sort((a, b) -> Boolean.compare(!a.equals(settings.network()), !b.equals(settings.network())));
        for (String net : nets) {
            for (Address a : all.get(net)) {
                if (a.getVersion() == 4 && type.equals(a.getType())) out.add(a.getAddr());
            }
        }
        return out;
    }

    private static String fault(Server s) {
        return s.getFault() != null && s.getFault().getMessage() != null ? s.getFault().getMessage() : "no fault given";
    }

    // ---------------------------------------------------------------- delete, reboot

    private Optional<Server> find(HostName name) {
        // Nova's name filter is a regular expression: anchor it and match exactly afterwards.
        String regex = "^" + name.fqdn().replace(".", "\\.") + "$";
        List<? extends Server> found = calls.call(name.fqdn(), "GET /servers/detail?name=",
                os -> os.compute().servers().list(Map.of("name", regex)));
        List<? extends Server> exact = found.stream().filter(s -> name.fqdn().equals(s.getName())).toList();
        if (exact.size() > 1) {
            throw new OpenStackApiException(name.fqdn(), "GET /servers/detail?name=", 0, exact.size()
                    + " servers carry this name (ids " + exact.stream().map(Server::getId).toList() + ")", false);
        }
        return exact.stream().map(s -> (Server) s).findFirst();
    }

    @Override
    public Result delete(HostName name, Progress progress) {
        Instant start = Instant.now();
        String host = name.fqdn();
        try {
            Optional<Server> s = find(name);
            if (s.isEmpty()) {
                hostKeys.ifPresent(p -> p.forget(name, List.of()));
                return finish(Result.ok(host, "server delete", "absent"), start, progress);
            }
            String id = s.get().getId();
            List<String> addrs = new ArrayList<>(addresses(s.get(), "fixed"));
            addrs.addAll(addresses(s.get(), "floating"));
            progress.step(host, "deleting server " + id);
            deleteServer(host, id);
            boolean gone = Wait.upTo(settings.bootTimeout()).every(settings.pollInterval())
                    .holds(() -> calls.call(host, "GET /servers/" + id, os -> os.compute().servers().get(id)) == null);
            if (!gone) {
                return finish(Result.failed(host, "server delete", "still there " + settings.bootTimeout().toSeconds()
                        + "s after DELETE (id " + id + ")"), start, progress);
            }
            String forgot = "";
            if (hostKeys.isPresent()) {
                hostKeys.get().forget(name, addrs);
                forgot = "- known_hosts entries and stored host keys of " + host + (addrs.isEmpty() ? "" : ", " + String.join(", ", addrs)) + "\n";
            }
            return finish(Result.changed(host, "server delete", "deleted (id " + id + ")", "- server " + host + " id=" + id + "\n" + forgot), start, progress);
        } catch (OpenStackApiException | IllegalStateException e) {
            return finish(Result.failed(host, "server delete", calls.scrub(e.getMessage())), start, progress);
        }
    }

    @Override
    public Result hardReboot(HostName name, Progress progress) {
        Instant start = Instant.now();
        String host = name.fqdn();
        try {
            Optional<Server> s = find(name);
            if (s.isEmpty()) return finish(Result.failed(host, "server reboot", "no server named " + host), start, progress);
            String id = s.get().getId();
            progress.step(host, "hard reboot of " + id);
            calls.action(host, "POST /servers/" + id + "/action (reboot HARD)",
                    os -> os.compute().servers().reboot(id, RebootType.HARD), false);
            // Nova sets the reboot task state before it answers the action, so the first look already sees it.
            AtomicReference<Server.Status> last = new AtomicReference<>();
            AtomicReference<Result> outcome = new AtomicReference<>();
            boolean over = Wait.upTo(settings.bootTimeout()).every(settings.pollInterval()).holds(() -> {
                Server now = calls.call(host, "GET /servers/" + id, os -> os.compute().servers().get(id));
                if (now == null) {
                    outcome.set(Result.failed(host, "server reboot", "server " + id + " disappeared"));
                    return true;
                }
                last.set(now.getStatus());
                // ACTIVE with no task left: the reboot is over (Nova keeps ACTIVE while a reboot is only pending).
                if (now.getStatus() == Server.Status.ACTIVE && now.getTaskState() == null) {
                    outcome.set(Result.changed(host, "server reboot", "hard rebooted, ACTIVE again (id " + id + ")", ""));
                    return true;
                }
                if (now.getStatus() == Server.Status.ERROR) {
                    outcome.set(Result.failed(host, "server reboot", "went to ERROR: " + fault(now)));
                    return true;
                }
                return false;
            });
            if (!over) {
                return finish(Result.failed(host, "server reboot", "still " + last.get() + " after "
                        + settings.bootTimeout().toSeconds() + "s"), start, progress);
            }
            return finish(outcome.get(), start, progress);
        } catch (OpenStackApiException e) {
            return finish(Result.failed(host, "server reboot", calls.scrub(e.getMessage())), start, progress);
        }
    }

    private static Result finish(Result r, Instant start, Progress progress) {
        Result timed = r.took(Duration.between(start, Instant.now()));
        progress.result(timed);
        return timed;
    }

    @Override
    public void close() {
        workers.shutdownNow();
        calls.close();
    }

}
