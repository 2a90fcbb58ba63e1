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
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.compute.Address;
import org.openstack4j.model.compute.Flavor;
import org.openstack4j.model.compute.RebootType;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.compute.ServerCreate;
import org.openstack4j.model.compute.builder.ServerCreateBuilder;
import org.openstack4j.model.network.NetFloatingIP;
import org.openstack4j.model.network.Network;
import org.openstack4j.model.network.SecurityGroup;
import org.openstack4j.model.network.SecurityGroupRule;
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

    private OpenStackProvider(OpenStackSettings settings, ApiCalls calls, Optional<HostKeyPins> hostKeys) {
        this.settings = settings;
        this.calls = calls;
        this.hostKeys = hostKeys;
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

    /** What every server of one create call shares, looked up once. */
    private record Shared(String imageId, String networkId, String networkName, Map<String, String> flavorIds,
                          Map<String, String> flavorNames) {
    }

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
            shared = lookUpShared(requests, progress);
            groupDiff = ensureSecurityGroups(SecurityGroupPlan.of(requests, settings.subnetCidr(), settings.sshFrom()), progress);
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

    private Shared lookUpShared(List<VmRequest> requests, Progress progress) {
        String target = "provider";
        progress.step(target, "looking up image '" + settings.image() + "', network '" + settings.network() + "' and flavors");
        List<? extends org.openstack4j.model.image.v2.Image> images = calls.call("image " + settings.image(),
                "GET /v2/images?name=", os -> os.imagesV2().list(Map.of("name", settings.image())));
        String imageId = images.stream().filter(i -> settings.image().equals(i.getName())).map(i -> i.getId()).findFirst()
                .orElseGet(() -> {
                    org.openstack4j.model.image.v2.Image byId = calls.call("image " + settings.image(), "GET /v2/images/{id}",
                            os -> os.imagesV2().get(settings.image()));
                    if (byId == null) throw new IllegalArgumentException("provider.image: no Glance image named '" + settings.image() + "'");
                    return byId.getId();
                });
        Network network = network(settings.network(), "provider.network");
        List<? extends Flavor> flavors = calls.call("flavors", "GET /flavors/detail", os -> os.compute().flavors().list());
        Map<String, String> flavorIds = new HashMap<>();
        for (VmRequest r : requests) {
            String wanted = settings.flavorFor(r.name().role(), r.flavor());
            String id = flavors.stream().filter(f -> wanted.equals(f.getName()) || wanted.equals(f.getId()))
                    .map(Flavor::getId).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("flavor '" + wanted + "' for " + r.name().fqdn()
                            + " does not exist (have: " + flavors.stream().map(Flavor::getName).sorted().toList() + ")"));
            flavorIds.put(wanted, id);
        }
        if (!settings.keyName().isEmpty()) {
            Object kp = calls.call("key pair " + settings.keyName(), "GET /os-keypairs/" + settings.keyName(),
                    os -> os.compute().keypairs().get(settings.keyName()));
            if (kp == null) throw new IllegalArgumentException("provider.keyName: no Nova key pair named '" + settings.keyName() + "'");
        }
        Map<String, String> flavorNames = new HashMap<>();
        flavors.forEach(f -> flavorNames.put(f.getId(), f.getName()));
        return new Shared(imageId, network.getId(), network.getName(), Map.copyOf(flavorIds), Map.copyOf(flavorNames));
    }

    private String networkId(String nameOrId, String key) {
        return network(nameOrId, key).getId();
    }

    private Network network(String nameOrId, String key) {
        List<? extends Network> nets = calls.call("network " + nameOrId, "GET /v2.0/networks?name=",
                os -> os.networking().network().list(Map.of("name", nameOrId)));
        Optional<? extends Network> byName = nets.stream().filter(n -> nameOrId.equals(n.getName())).findFirst();
        if (byName.isPresent()) return byName.get();
        Network byId = calls.call("network " + nameOrId, "GET /v2.0/networks/{id}", os -> os.networking().network().get(nameOrId));
        if (byId == null) throw new IllegalArgumentException(key + ": no Neutron network named '" + nameOrId + "'");
        return byId;
    }

    /** Creates missing groups and rules; returns, per group, a diff of what it added (empty when all was there). */
    private Map<String, String> ensureSecurityGroups(SecurityGroupPlan plan, Progress progress) {
        Map<String, String> diffs = new HashMap<>();
        Map<String, String> ids = new HashMap<>(); // group name -> id, for remote-group rules (the members group comes first)
        List<? extends SecurityGroup> all = calls.call("security groups", "GET /v2.0/security-groups",
                os -> os.networking().securitygroup().list());
        for (SecurityGroupPlan.Group g : plan.groups()) {
            String target = "security group " + g.name();
            List<SecurityGroup> same = all.stream().filter(s -> g.name().equals(s.getName())).map(s -> (SecurityGroup) s).toList();
            if (same.size() > 1) throw new IllegalArgumentException(target + ": " + same.size() + " groups carry this name; remove the extra ones");
            SecurityGroup group;
            StringBuilder diff = new StringBuilder();
            if (same.isEmpty()) {
                progress.step("provider", "creating " + target);
                // Creating POSTs are not retried: a retry after a lost answer would make a duplicate.
                // The next run reads what exists and adds only what is missing.
                group = calls.callOnce(target, "POST /v2.0/security-groups", os -> os.networking().securitygroup()
                        .create(Builders.securityGroup().name(g.name()).description(g.description()).build()));
                diff.append("+ security group ").append(g.name()).append('\n');
            } else {
                group = same.get(0);
            }
            String groupId = group.getId();
            ids.put(g.name(), groupId);
            List<? extends SecurityGroupRule> have = group.getRules() == null ? List.of() : group.getRules();
            for (SecurityGroupPlan.Rule rule : g.rules()) {
                if (have.stream().anyMatch(h -> same(h, rule, ids))) continue;
                String remoteGroupId = rule.remoteGroup() == null ? null : ids.get(rule.remoteGroup());
                calls.callOnce(target, "POST /v2.0/security-group-rules (" + rule + ")", os -> {
                    var b = Builders.securityGroupRule().securityGroupId(groupId).direction("ingress")
                            .ethertype("IPv4").protocol(rule.protocol()).portRangeMin(rule.port()).portRangeMax(rule.port());
                    b = remoteGroupId != null ? b.remoteGroupId(remoteGroupId) : b.remoteIpPrefix(rule.remoteCidr());
                    return os.networking().securityrule().create(b.build());
                });
                diff.append("+ ").append(g.name()).append(": ").append(rule).append('\n');
            }
            // Both ways: an ingress rule the spec no longer asks for (a narrowed sshFrom, a port
            // no role declares, a whole-subnet rule now replaced by the members group) goes.
            for (SecurityGroupRule h : have) {
                if (!"ingress".equals(h.getDirection())) continue;
                if (g.rules().stream().anyMatch(rule -> same(h, rule, ids))) continue;
                String shown = describe(h, ids);
                progress.step("provider", target + ": removing " + shown);
                calls.action(target, "DELETE /v2.0/security-group-rules/" + h.getId() + " (" + shown + ")",
                        os -> { os.networking().securityrule().delete(h.getId()); return ActionResponse.actionSuccess(); }, true);
                diff.append("- ").append(g.name()).append(": ").append(shown).append('\n');
            }
            diffs.put(g.name(), diff.toString());
        }
        return diffs;
    }

    private static boolean same(SecurityGroupRule h, SecurityGroupPlan.Rule rule, Map<String, String> ids) {
        return "ingress".equals(h.getDirection()) && "IPv4".equals(h.getEtherType()) && rule.protocol().equals(h.getProtocol())
                && Objects.equals(rule.port(), h.getPortRangeMin()) && Objects.equals(rule.port(), h.getPortRangeMax())
                && (rule.remoteGroup() != null
                ? h.getRemoteIpPrefix() == null && Objects.equals(ids.get(rule.remoteGroup()), h.getRemoteGroupId())
                : h.getRemoteGroupId() == null && rule.remoteCidr().equals(h.getRemoteIpPrefix()));
    }

    private static String describe(SecurityGroupRule h, Map<String, String> ids) {
        String ports = h.getPortRangeMin() == null ? "any port"
                : Objects.equals(h.getPortRangeMin(), h.getPortRangeMax()) ? String.valueOf(h.getPortRangeMin())
                : h.getPortRangeMin() + "-" + h.getPortRangeMax();
        String from = h.getRemoteGroupId() != null
                ? "group " + ids.entrySet().stream().filter(e -> e.getValue().equals(h.getRemoteGroupId())).map(Map.Entry::getKey)
                .findFirst().orElse(h.getRemoteGroupId())
                : h.getRemoteIpPrefix() == null ? "anywhere" : h.getRemoteIpPrefix();
        String eth = "IPv4".equals(h.getEtherType()) ? "" : " (" + h.getEtherType() + ")";
        return "ingress " + ports + "/" + (h.getProtocol() == null ? "any" : h.getProtocol()) + " from " + from + eth;
    }

    /** Adds to an existing server the groups its request has and it lacks; returns the diff lines. */
    private String attachMissingGroups(VmRequest r, Server s, Progress progress) {
        String host = r.name().fqdn();
        Set<String> have = groupNames(s);
        StringBuilder diff = new StringBuilder();
        for (String g : SecurityGroupPlan.groupsFor(r)) {
            if (have.contains(g)) continue;
            progress.step(host, "adding security group " + g);
            calls.action(host, "POST /servers/" + s.getId() + "/action (addSecurityGroup " + g + ")",
                    os -> os.compute().servers().addSecurityGroup(s.getId(), g), false);
            diff.append("+ security group ").append(g).append(" on ").append(host).append('\n');
        }
        return diff.toString();
    }

    private static Set<String> groupNames(Server s) {
        Set<String> names = new LinkedHashSet<>();
        if (s.getSecurityGroups() != null) s.getSecurityGroups().forEach(g -> names.add(g.getName()));
        return names;
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
        Set<String> have = groupNames(s);
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
            Shared shared = lookUpShared(requests, Progress.NONE);
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

    /** What changed in the security groups one server uses. */
    private static String groupDiffFor(VmRequest r, Map<String, String> groupDiffs) {
        StringBuilder d = new StringBuilder();
        for (String g : SecurityGroupPlan.groupsFor(r)) d.append(groupDiffs.getOrDefault(g, ""));
        return d.toString();
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
        String groupDiff = groupDiffFor(r, groupDiffs);
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
                    String attached = attachMissingGroups(r, s, progress);
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
                    finishing.add(workers.submit(() -> finishActive(b, s, groupDiffFor(b.request(), groupDiffs), progress)));
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
        String external = networkId(settings.floatingNetwork(), "provider.floatingNetwork");
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
