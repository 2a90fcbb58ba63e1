package io.rolestack.vm.openstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenStack API <b>simulator</b> for tests: Keystone v3, Nova, Neutron and
 * Glance on 127.0.0.1 (ephemeral port), in memory. Response shapes follow the
 * published API reference (compute v2.1, network v2.0, identity v3, image v2),
 * not only what openstack4j parses; request bodies are checked like the real
 * services do (unknown or missing fields → 400), tokens are checked (401).
 *
 * <p>Servers go BUILD → ACTIVE after {@link #buildDelay(Duration)}, or → ERROR
 * with a {@code fault} when their name matches {@link #failServers}. Quota errors,
 * 5xx answers and slow answers are injected on demand. Every call is recorded
 * with its start and end time so tests can assert what was sent and what
 * overlapped.
 *
 * <p>Limits: one project, one region, IPv4 only, no pagination, no
 * microversion negotiation (answers as 2.1), no scheduling, no volumes.
 */
public final class OpenStackSimulator implements AutoCloseable {
    public static final String REGION = "RegionOne";
    public static final String PROJECT = "rolestack";
    public static final String DOMAIN = "Default";
    /** The user every simulator starts with, and its password (a test value, not a secret). */
    public static final String USER = "deployer";
    public static final String PASSWORD = "s3cret-pw-4-tests";

    /** How an instance quota overrun is answered: 403 by current Nova, 413 overLimit by older releases. */
    public enum QuotaStyle { FORBIDDEN_403, OVERLIMIT_413 }

    private static final DateTimeFormatter NOVA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter USAGE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter KEYSTONE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final Set<String> SERVER_CREATE_KEYS = Set.of("name", "imageRef", "flavorRef", "networks",
            "security_groups", "user_data", "metadata", "key_name", "availability_zone", "accessIPv4", "accessIPv6",
            "adminPass", "min_count", "max_count", "return_reservation_id", "config_drive", "block_device_mapping",
            "block_device_mapping_v2", "OS-DCF:diskConfig", "personality", "description", "tags",
            "trusted_image_certificates", "host", "hypervisor_hostname", "hostname");
    private static final Set<String> SG_KEYS = Set.of("name", "description", "tenant_id", "project_id", "stateful");
    private static final Set<String> SG_RULE_KEYS = Set.of("security_group_id", "direction", "ethertype", "protocol",
            "port_range_min", "port_range_max", "remote_ip_prefix", "remote_group_id", "remote_address_group_id",
            "description", "tenant_id", "project_id");
    private static final Set<String> FIP_KEYS = Set.of("floating_network_id", "port_id", "fixed_ip_address",
            "floating_ip_address", "subnet_id", "description", "tenant_id", "project_id", "dns_domain", "dns_name",
            "qos_policy_id");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer http;
    private final ExecutorService threads;
    private final String base;
    private final String projectId = uuid();
    private final String userId = uuid();
    private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();

    // State; every access holds this object's lock.
    private final Map<String, String> passwords = new LinkedHashMap<>();
    private final Map<String, String> appCredentials = new LinkedHashMap<>();
    private final Map<String, Instant> tokens = new LinkedHashMap<>();
    private final Map<String, ObjectNode> images = new LinkedHashMap<>();
    private final Map<String, ObjectNode> flavors = new LinkedHashMap<>();
    private final Map<String, ObjectNode> keypairs = new LinkedHashMap<>();
    private final Map<String, Net> networks = new LinkedHashMap<>();
    private final Map<String, SimServer> servers = new LinkedHashMap<>();
    private final Map<String, ObjectNode> ports = new LinkedHashMap<>();
    private final Map<String, ObjectNode> securityGroups = new LinkedHashMap<>();
    private final Map<String, ObjectNode> floatingIps = new LinkedHashMap<>();
    private final List<Injected> injected = new ArrayList<>();
    private Duration buildDelay = Duration.ofMillis(300);
    private Duration rebootDelay = Duration.ofMillis(200);
    private Duration createLatency = Duration.ZERO;
    private Duration tokenLifetime = Duration.ofHours(1);
    private Pattern failPattern;
    private String failFault = "";
    private int instanceQuota = Integer.MAX_VALUE;
    private QuotaStyle quotaStyle = QuotaStyle.FORBIDDEN_403;
    private int nextFixed = 10;
    private int nextFloating = 10;

    private record Net(String id, String name, String subnetId, String cidrPrefix, boolean external) {
    }

    private static final class SimServer {
        final ObjectNode created;
        final String id;
        final String name;
        final Instant createdAt;
        final String fixedIp;
        final String portId;
        final String networkName;
        final boolean fails;
        Instant rebootUntil;

        SimServer(ObjectNode created, String id, String name, Instant createdAt, String fixedIp, String portId,
                  String networkName, boolean fails) {
            this.created = created;
            this.id = id;
            this.name = name;
            this.createdAt = createdAt;
            this.fixedIp = fixedIp;
            this.portId = portId;
            this.networkName = networkName;
            this.fails = fails;
        }
    }

    private record Injected(String method, Pattern path, int status, Duration delay, int[] remaining) {
    }

    /** A failure answered instead of the normal response. */
    private static final class Answer extends RuntimeException {
        final int status;
        final JsonNode body;

        Answer(int status, JsonNode body) {
            super(null, null, false, false);
            this.status = status;
            this.body = body;
        }
    }

    private OpenStackSimulator() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "openstack-simulator");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(threads);
        http.createContext("/", this::serve);
        base = "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /**
     * Starts a simulator with one user ({@code deployer} in project {@code rolestack}),
     * images {@code debian-12} and {@code ubuntu-24.04}, flavors {@code m1.small}/{@code m1.medium}/{@code m1.large},
     * network {@code internal} (10.20.0.0/24) and external network {@code public}.
     */
    public static OpenStackSimulator start() {
        try {
            OpenStackSimulator s = new OpenStackSimulator();
            s.addUser(USER, PASSWORD);
            s.addImage("debian-12");
            s.addImage("ubuntu-24.04");
            s.addFlavor("m1.small", 1, 2048);
            s.addFlavor("m1.medium", 2, 4096);
            s.addFlavor("m1.large", 4, 8192);
            s.addNetwork("internal", "10.20.0", false);
            s.addNetwork("public", "203.0.113", true);
            s.http.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the OpenStack simulator on 127.0.0.1", e);
        }
    }

    // ------------------------------------------------------------ set-up and fault injection

    /** Keystone v3 URL, as OS_AUTH_URL would carry it. */
    public String authUrl() {
        return base + "/identity/v3";
    }

    /** The OS_* variables a user of this simulator would export (for OpenStackProvider.create(settings, env)). */
    public Map<String, String> osEnvironment() {
        return Map.of("OS_AUTH_URL", authUrl(), "OS_USERNAME", USER, "OS_PASSWORD", PASSWORD,
                "OS_PROJECT_NAME", PROJECT, "OS_USER_DOMAIN_NAME", DOMAIN, "OS_PROJECT_DOMAIN_NAME", DOMAIN,
                "OS_REGION_NAME", REGION);
    }

    public synchronized OpenStackSimulator addUser(String name, String password) {
        passwords.put(name, password);
        return this;
    }

    public synchronized OpenStackSimulator addApplicationCredential(String id, String secret) {
        appCredentials.put(id, secret);
        return this;
    }

    public synchronized OpenStackSimulator addImage(String name) {
        ObjectNode i = json.createObjectNode();
        String id = uuid();
        i.put("id", id).put("name", name).put("status", "active").put("visibility", "public")
                .put("container_format", "bare").put("disk_format", "qcow2").put("min_disk", 0).put("min_ram", 0)
                .put("size", 524288000L).put("protected", false).put("owner", projectId)
                .put("created_at", NOVA_TIME.format(Instant.now())).put("updated_at", NOVA_TIME.format(Instant.now()))
                .put("self", "/v2/images/" + id).put("file", "/v2/images/" + id + "/file").put("schema", "/v2/schemas/image");
        i.putArray("tags");
        images.put(id, i);
        return this;
    }

    public synchronized OpenStackSimulator addFlavor(String name, int vcpus, int ramMb) {
        ObjectNode f = json.createObjectNode();
        String id = String.valueOf(flavors.size() + 1);
        f.put("id", id).put("name", name).put("vcpus", vcpus).put("ram", ramMb).put("disk", 20)
                .put("OS-FLV-EXT-DATA:ephemeral", 0).put("swap", "").put("rxtx_factor", 1.0)
                .put("os-flavor-access:is_public", true).put("OS-FLV-DISABLED:disabled", false);
        f.set("links", links("flavors", id));
        flavors.put(id, f);
        return this;
    }

    public synchronized OpenStackSimulator addKeypair(String name) {
        ObjectNode k = json.createObjectNode();
        k.put("name", name).put("type", "ssh").put("fingerprint", "7e:eb:ab:24:ba:d1:e1:88:ae:9a:fb:66:53:df:d3:bd")
                .put("public_key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBuXl8ZL6gHqzBkQ4mOBiGdzNcbvh8tPqWT1xWYaBz1o simulator")
                .put("user_id", userId);
        keypairs.put(name, k);
        return this;
    }

    public synchronized OpenStackSimulator addNetwork(String name, String prefix24, boolean external) {
        Net n = new Net(uuid(), name, uuid(), prefix24, external);
        networks.put(n.id(), n);
        return this;
    }

    /** Time a server spends in BUILD before it becomes ACTIVE (or ERROR). */
    public synchronized OpenStackSimulator buildDelay(Duration d) {
        buildDelay = d;
        return this;
    }

    /** Time every server create request takes to answer, as Nova's API does while it schedules. */
    public synchronized OpenStackSimulator createLatency(Duration d) {
        createLatency = d;
        return this;
    }

    /** How long tokens issued from now on stay valid (Keystone's default: an hour). */
    public synchronized OpenStackSimulator tokenLifetime(Duration d) {
        tokenLifetime = d;
        return this;
    }

    /** Servers whose name matches go to ERROR with this fault message. */
    public synchronized OpenStackSimulator failServers(Pattern name, String faultMessage) {
        failPattern = name;
        failFault = faultMessage;
        return this;
    }

    /** At most this many servers may exist; the next create is refused the way {@code style} says. */
    public synchronized OpenStackSimulator instanceQuota(int max, QuotaStyle style) {
        instanceQuota = max;
        quotaStyle = style;
        return this;
    }

    /** The next {@code times} requests matching method and path (regex, searched) are answered with {@code status}. */
    public synchronized OpenStackSimulator failNext(String method, String pathRegex, int status, int times) {
        injected.add(new Injected(method, Pattern.compile(pathRegex), status, Duration.ZERO, new int[]{times}));
        return this;
    }

    /** The next {@code times} matching requests are answered only after {@code delay}. */
    public synchronized OpenStackSimulator delayNext(String method, String pathRegex, Duration delay, int times) {
        injected.add(new Injected(method, Pattern.compile(pathRegex), 0, delay, new int[]{times}));
        return this;
    }

    // ------------------------------------------------------------ what tests read

    public List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    public List<RecordedCall> calls(String method, String pathSuffix) {
        return calls.stream().filter(c -> c.is(method, pathSuffix)).toList();
    }

    public void clearCalls() {
        calls.clear();
    }

    /** Server name → status as a client would see it now. */
    public synchronized Map<String, String> serverStatuses() {
        Map<String, String> m = new LinkedHashMap<>();
        servers.values().forEach(s -> m.put(s.name, status(s)));
        return m;
    }

    /** Server name → metadata. */
    public synchronized Map<String, JsonNode> serverMetadata() {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        servers.values().forEach(s -> m.put(s.name, s.created.path("metadata").deepCopy()));
        return m;
    }

    /** The decoded user data a server was booted with. */
    public synchronized String userData(String serverName) {
        return servers.values().stream().filter(s -> s.name.equals(serverName)).findFirst()
                .map(s -> new String(Base64.getDecoder().decode(s.created.path("user_data").asText("")), StandardCharsets.UTF_8))
                .orElseThrow(() -> new IllegalArgumentException("no server " + serverName));
    }

    /** Security group names of one server, as booted. */
    public synchronized List<String> serverSecurityGroups(String serverName) {
        List<String> out = new ArrayList<>();
        servers.values().stream().filter(s -> s.name.equals(serverName)).findFirst()
                .ifPresent(s -> s.created.path("security_groups").forEach(g -> out.add(g.path("name").asText())));
        return out;
    }

    /** Group name → its ingress rules as "port/protocol from cidr". */
    public synchronized Map<String, List<String>> ingressRules() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (ObjectNode g : securityGroups.values()) {
            List<String> rules = new ArrayList<>();
            for (JsonNode r : g.path("security_group_rules")) {
                if (!"ingress".equals(r.path("direction").asText())) continue;
                String from = r.hasNonNull("remote_group_id")
                        ? "group " + securityGroups.get(r.path("remote_group_id").asText()).path("name").asText()
                        : r.path("remote_ip_prefix").asText();
                rules.add(r.path("port_range_min").asText() + "/" + r.path("protocol").asText() + " from " + from);
            }
            m.put(g.path("name").asText(), rules);
        }
        return m;
    }

    /** Server name → floating IPs on its port. */
    public synchronized Map<String, List<String>> floatingIpsByServer() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (SimServer s : servers.values()) {
            List<String> ips = floatingIps.values().stream().filter(f -> s.portId.equals(f.path("port_id").asText(null)))
                    .map(f -> f.path("floating_ip_address").asText()).toList();
            m.put(s.name, ips);
        }
        return m;
    }

    public synchronized int floatingIpCount() {
        return floatingIps.size();
    }

    // ------------------------------------------------------------ HTTP

    private void serve(HttpExchange ex) throws IOException {
        long start = System.nanoTime();
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status;
        JsonNode answer;
        Map<String, String> headers = new LinkedHashMap<>();
        try {
            Injected inj = takeInjected(method, path);
            if (inj != null && !inj.delay().isZero()) sleep(inj.delay());
            if (inj != null && inj.status() != 0) throw new Answer(inj.status(), error(path, inj.status(), "simulated failure"));
            Object[] r = route(method, path, parseQuery(query), body, ex, headers);
            status = (Integer) r[0];
            answer = (JsonNode) r[1];
        } catch (Answer a) {
            status = a.status;
            answer = a.body;
        } catch (RuntimeException e) {
            status = 500;
            answer = error(path, 500, "simulator bug: " + e);
        }
        byte[] out = answer == null ? new byte[0] : json.writeValueAsBytes(answer);
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        if (answer != null) ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.getResponseHeaders().add("X-Openstack-Request-Id", "req-" + uuid());
        // Recorded before the answer leaves, so a client that got its answer always finds its call here.
        calls.add(new RecordedCall(method, path, URLDecoder.decode(query, StandardCharsets.UTF_8), body, status, start, System.nanoTime()));
        ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        }
        ex.close();
    }

    private synchronized Injected takeInjected(String method, String path) {
        for (Iterator<Injected> it = injected.iterator(); it.hasNext(); ) {
            Injected i = it.next();
            if (i.method().equals(method) && i.path().matcher(path).find()) {
                if (--i.remaining()[0] <= 0) it.remove();
                return i;
            }
        }
        return null;
    }

    private Object[] route(String method, String path, Map<String, String> q, String body, HttpExchange ex,
                           Map<String, String> headers) {
        if (path.equals("/identity/v3/auth/tokens") && method.equals("POST")) return issueToken(body, headers);
        checkToken(ex.getRequestHeaders().getFirst("X-Auth-Token"), path);
        Matcher m;
        if (path.startsWith("/compute/v2.1/")) {
            String p = path.substring("/compute/v2.1".length());
            if (method.equals("POST") && p.equals("/servers")) return createServer(body);
            if (method.equals("GET") && (p.equals("/servers/detail") || p.equals("/servers"))) return listServers(q);
            if ((m = match("/servers/([^/]+)", p)) != null) {
                if (method.equals("GET")) return getServer(m.group(1));
                if (method.equals("DELETE")) return deleteServer(m.group(1));
            }
            if ((m = match("/servers/([^/]+)/action", p)) != null && method.equals("POST")) return serverAction(m.group(1), body);
            if (method.equals("GET") && (p.equals("/flavors/detail") || p.equals("/flavors"))) return listFlavors();
            if (method.equals("GET") && (m = match("/os-keypairs/([^/]+)", p)) != null) return getKeypair(m.group(1));
            if (method.equals("GET") && p.equals("/os-keypairs")) return listKeypairs();
            if (method.equals("GET") && p.equals("/limits")) return limits();
            if (method.equals("GET") && p.equals("/os-availability-zone")) return availabilityZones();
        } else if (path.startsWith("/network/v2.0/")) {
            String p = path.substring("/network/v2.0".length());
            if (method.equals("GET") && p.equals("/networks")) return listNetworks(q);
            if (method.equals("GET") && (m = match("/networks/([^/]+)", p)) != null) return getNetwork(m.group(1));
            if (method.equals("GET") && p.equals("/subnets")) return listSubnets();
            if (method.equals("GET") && p.equals("/ports")) return listPorts(q);
            if (method.equals("GET") && p.equals("/security-groups")) return listSecurityGroups(q);
            if (method.equals("POST") && p.equals("/security-groups")) return createSecurityGroup(body);
            if (method.equals("POST") && p.equals("/security-group-rules")) return createRule(body);
            if (method.equals("DELETE") && (m = match("/security-group-rules/([^/]+)", p)) != null) return deleteRule(m.group(1));
            if (method.equals("GET") && p.equals("/floatingips")) return listFloatingIps(q);
            if (method.equals("POST") && p.equals("/floatingips")) return createFloatingIp(body);
            if (method.equals("DELETE") && (m = match("/floatingips/([^/]+)", p)) != null) return deleteFloatingIp(m.group(1));
        } else if (path.startsWith("/image/v2/")) {
            String p = path.substring("/image/v2".length());
            if (method.equals("GET") && p.equals("/images")) return listImages(q);
            if (method.equals("GET") && (m = match("/images/([^/]+)", p)) != null) return getImage(m.group(1));
        }
        throw new Answer(404, error(path, 404, "The resource could not be found."));
    }

    // ------------------------------------------------------------ Keystone

    private synchronized Object[] issueToken(String body, Map<String, String> headers) {
        JsonNode auth = readBody(body, "/identity").path("auth");
        if (auth.isMissingNode()) throw keystoneError(400, "Expecting to find auth in request body");
        only(auth, Set.of("identity", "scope"), "auth", "/identity");
        JsonNode identity = auth.path("identity");
        JsonNode methods = identity.path("methods");
        if (!methods.isArray() || methods.isEmpty()) throw keystoneError(400, "Expecting to find identity.methods in request body");
        String method = methods.get(0).asText();
        List<String> usedMethods = List.of(method);
        ObjectNode appCred = null;
        switch (method) {
            case "password" -> {
                JsonNode user = identity.path("password").path("user");
                String name = user.path("name").asText("");
                String password = user.path("password").asText("");
                if (name.isEmpty() || password.isEmpty()) throw keystoneError(400, "Expecting to find user name and password in request body");
                if (!user.has("id") && user.path("domain").path("name").asText("").isEmpty() && user.path("domain").path("id").asText("").isEmpty()) {
                    throw keystoneError(400, "Expecting to find domain in user");
                }
                if (!password.equals(passwords.get(name))) throw keystoneError(401, "The request you have made requires authentication.");
                // Like Keystone: a domain is matched by name or by id, each against its own field.
                if (!user.has("id") && !inDefaultDomain(user.path("domain"))) {
                    throw keystoneError(401, "The request you have made requires authentication.");
                }
                JsonNode project = auth.path("scope").path("project");
                if (!project.isMissingNode() && project.has("domain") && !inDefaultDomain(project.path("domain"))) {
                    throw keystoneError(401, "The request you have made requires authentication.");
                }
                if (!project.isMissingNode() && !PROJECT.equals(project.path("name").asText(null)) && !projectId.equals(project.path("id").asText(null))) {
                    throw keystoneError(401, "The request you have made requires authentication.");
                }
            }
            case "application_credential" -> {
                JsonNode ac = identity.path("application_credential");
                String id = ac.path("id").asText("");
                String secret = ac.path("secret").asText("");
                if (id.isEmpty() || secret.isEmpty()) throw keystoneError(400, "Expecting to find application_credential id and secret in request body");
                if (!secret.equals(appCredentials.get(id))) throw keystoneError(401, "The request you have made requires authentication.");
                if (auth.has("scope")) throw keystoneError(401, "Application credentials cannot request a scope.");
                appCred = json.createObjectNode().put("id", id).put("name", "rolestack").put("restricted", true);
            }
            default -> throw keystoneError(401, "Attempted to authenticate with an unsupported method.");
        }
        String token = "gAAAA" + UUID.randomUUID().toString().replace("-", "");
        Instant expires = Instant.now().plus(tokenLifetime);
        tokens.put(token, expires);
        headers.put("X-Subject-Token", token);
        ObjectNode t = json.createObjectNode();
        ObjectNode tok = t.putObject("token");
        tok.set("methods", json.valueToTree(usedMethods));
        ObjectNode user = tok.putObject("user");
        user.putObject("domain").put("id", "default").put("name", DOMAIN);
        user.put("id", userId).put("name", "deployer").putNull("password_expires_at");
        tok.putArray("audit_ids").add(uuid().substring(0, 22));
        tok.put("expires_at", KEYSTONE_TIME.format(expires)).put("issued_at", KEYSTONE_TIME.format(Instant.now()));
        ObjectNode project = tok.putObject("project");
        project.putObject("domain").put("id", "default").put("name", DOMAIN);
        project.put("id", projectId).put("name", PROJECT);
        tok.put("is_domain", false);
        tok.putArray("roles").addObject().put("id", uuid()).put("name", "member");
        if (appCred != null) tok.set("application_credential", appCred);
        ArrayNode catalog = tok.putArray("catalog");
        catalog.add(service("compute", "nova", base + "/compute/v2.1"));
        catalog.add(service("network", "neutron", base + "/network"));
        catalog.add(service("image", "glance", base + "/image"));
        catalog.add(service("identity", "keystone", base + "/identity"));
        return new Object[]{201, t};
    }

    private ObjectNode service(String type, String name, String url) {
        ObjectNode s = json.createObjectNode();
        s.put("id", uuid()).put("type", type).put("name", name);
        ArrayNode eps = s.putArray("endpoints");
        for (String iface : List.of("public", "internal", "admin")) {
            eps.addObject().put("id", uuid()).put("interface", iface).put("region", REGION)
                    .put("region_id", REGION).put("url", url);
        }
        return s;
    }

    private static boolean inDefaultDomain(JsonNode domain) {
        if (domain.has("id")) return "default".equals(domain.path("id").asText());
        return DOMAIN.equals(domain.path("name").asText());
    }

    private synchronized void checkToken(String token, String path) {
        Instant exp = token == null ? null : tokens.get(token);
        if (exp == null || exp.isBefore(Instant.now())) {
            ObjectNode e = json.createObjectNode();
            e.putObject("error").put("code", 401).put("title", "Unauthorized")
                    .put("message", "The request you have made requires authentication.");
            throw new Answer(401, e);
        }
    }

    private Answer keystoneError(int code, String message) {
        ObjectNode e = json.createObjectNode();
        e.putObject("error").put("code", code).put("title", code == 401 ? "Unauthorized" : "Bad Request").put("message", message);
        return new Answer(code, e);
    }

    // ------------------------------------------------------------ Nova

    private Object[] createServer(String body) {
        if (!createLatency.isZero()) sleep(createLatency); // outside the lock: concurrent creates overlap as on Nova
        synchronized (this) {
            JsonNode root = readBody(body, "/compute");
            only(root, Set.of("server", "os:scheduler_hints", "OS-SCH-HNT:scheduler_hints"), "", "/compute");
            JsonNode s = root.path("server");
            if (!s.isObject()) throw novaError(400, "badRequest", "Invalid input for field/attribute server. Value: None. 'server' is a required property");
            only(s, SERVER_CREATE_KEYS, "server", "/compute");
            for (String req : List.of("name", "flavorRef")) {
                if (!s.hasNonNull(req)) throw novaError(400, "badRequest", "Invalid input for field/attribute server. '" + req + "' is a required property");
            }
            String name = s.path("name").asText();
            if (name.isBlank() || name.length() > 255) throw novaError(400, "badRequest", "Invalid input for field/attribute name.");
            String imageRef = s.path("imageRef").asText("");
            if (!images.containsKey(imageRef)) throw novaError(400, "badRequest", "Can not find requested image");
            if (!flavors.containsKey(s.path("flavorRef").asText())) throw novaError(400, "badRequest", "Flavor " + s.path("flavorRef").asText() + " could not be found.");
            if (s.has("key_name") && !keypairs.containsKey(s.path("key_name").asText())) throw novaError(400, "badRequest", "Invalid key_name provided.");
            if (s.has("user_data")) {
                try {
                    byte[] ud = Base64.getDecoder().decode(s.path("user_data").asText());
                    if (ud.length > 65535) throw novaError(400, "badRequest", "User data too large.");
                } catch (IllegalArgumentException e) {
                    throw novaError(400, "badRequest", "Invalid input for field/attribute user_data. Value: ... is not a base64 string");
                }
            }
            if (s.has("metadata")) {
                if (!s.path("metadata").isObject()) throw novaError(400, "badRequest", "Invalid input for field/attribute metadata.");
                if (s.path("metadata").size() > 128) throw novaError(403, "forbidden", "Quota exceeded for metadata_items: Requested " + s.path("metadata").size() + ", but already used 0 of 128 metadata_items");
                s.path("metadata").fields().forEachRemaining(e -> {
                    if (!e.getValue().isTextual() || e.getKey().length() > 255) throw novaError(400, "badRequest", "Invalid input for field/attribute metadata.");
                });
            }
            Net net = null;
            JsonNode nets = s.path("networks");
            if (nets.isArray()) {
                for (JsonNode n : nets) {
                    Iterator<String> it = n.fieldNames();
                    while (it.hasNext()) {
                        String k = it.next();
                        if (!Set.of("uuid", "port", "fixed_ip", "tag").contains(k)) {
                            throw novaError(400, "badRequest", "Invalid input for field/attribute networks. Additional properties are not allowed ('" + k + "' was unexpected)");
                        }
                    }
                    net = networks.get(n.path("uuid").asText(""));
                    if (net == null) throw novaError(400, "badRequest", "Network " + n.path("uuid").asText("") + " could not be found.");
                }
            } else if (!nets.isMissingNode() && !nets.isTextual()) {
                throw novaError(400, "badRequest", "Invalid input for field/attribute networks.");
            }
            if (net == null) {
                List<Net> internal = networks.values().stream().filter(x -> !x.external()).toList();
                if (internal.size() != 1) throw novaError(409, "conflictingRequest", "Multiple possible networks found, use a Network ID to be more specific.");
                net = internal.get(0);
            }
            List<String> groupIds = new ArrayList<>();
            for (JsonNode g : s.path("security_groups")) {
                String gname = g.path("name").asText("");
                String gid = securityGroups.values().stream().filter(x -> gname.equals(x.path("name").asText()) || gname.equals(x.path("id").asText()))
                        .map(x -> x.path("id").asText()).findFirst()
                        .orElseThrow(() -> novaError(400, "badRequest", "Security group " + gname + " not found for project " + projectId + "."));
                groupIds.add(gid);
            }
            if (servers.size() >= instanceQuota) {
                String msg = "Quota exceeded for instances: Requested 1, but already used " + servers.size() + " of " + instanceQuota + " instances";
                throw quotaStyle == QuotaStyle.FORBIDDEN_403 ? novaError(403, "forbidden", msg) : novaError(413, "overLimit", msg);
            }
            String id = uuid();
            String ip = net.cidrPrefix() + "." + (nextFixed++);
            ObjectNode port = newPort(net, id, ip, groupIds);
            boolean fails = failPattern != null && failPattern.matcher(name).find();
            SimServer server = new SimServer(((ObjectNode) s).deepCopy(), id, name, Instant.now(), ip, port.path("id").asText(), net.name(), fails);
            servers.put(id, server);
            ObjectNode out = json.createObjectNode();
            ObjectNode srv = out.putObject("server");
            srv.put("id", id).put("OS-DCF:diskConfig", "MANUAL").put("adminPass", "simulatedAdminPass");
            srv.set("links", links("servers", id));
            ArrayNode sg = srv.putArray("security_groups");
            if (s.path("security_groups").isEmpty()) sg.addObject().put("name", "default");
            else s.path("security_groups").forEach(g -> sg.addObject().put("name", g.path("name").asText()));
            return new Object[]{202, out};
        }
    }

    private ObjectNode newPort(Net net, String deviceId, String ip, List<String> groupIds) {
        ObjectNode p = json.createObjectNode();
        String id = uuid();
        p.put("id", id).put("name", "").put("network_id", net.id()).put("device_id", deviceId)
                .put("device_owner", "compute:nova").put("mac_address", "fa:16:3e:00:00:" + String.format("%02x", nextFixed % 256))
                .put("status", "ACTIVE").put("admin_state_up", true).put("tenant_id", projectId).put("project_id", projectId);
        p.putArray("fixed_ips").addObject().put("subnet_id", net.subnetId()).put("ip_address", ip);
        ArrayNode sgs = p.putArray("security_groups");
        groupIds.forEach(sgs::add);
        ports.put(id, p);
        return p;
    }

    private String status(SimServer s) {
        Instant now = Instant.now();
        if (now.isBefore(s.createdAt.plus(buildDelay))) return "BUILD";
        if (s.fails) return "ERROR";
        if (s.rebootUntil != null && now.isBefore(s.rebootUntil)) return "HARD_REBOOT";
        return "ACTIVE";
    }

    private ObjectNode detail(SimServer s) {
        String status = status(s);
        ObjectNode d = json.createObjectNode();
        d.put("id", s.id).put("name", s.name).put("status", status).put("tenant_id", projectId).put("user_id", userId);
        d.set("metadata", s.created.has("metadata") ? s.created.get("metadata").deepCopy() : json.createObjectNode());
        d.put("hostId", status.equals("BUILD") ? "" : "4a1c4cc6fb4f1a5b1e8f1b5a0b0c3f2e8d8e6c8b6e2f1a0a6b1c2d3e");
        ObjectNode image = d.putObject("image").put("id", s.created.path("imageRef").asText());
        image.set("links", links("images", s.created.path("imageRef").asText()));
        ObjectNode flavor = d.putObject("flavor").put("id", s.created.path("flavorRef").asText());
        flavor.set("links", links("flavors", s.created.path("flavorRef").asText()));
        d.put("created", NOVA_TIME.format(s.createdAt)).put("updated", NOVA_TIME.format(Instant.now()));
        ObjectNode addresses = d.putObject("addresses");
        if (!status.equals("BUILD") && !status.equals("ERROR")) {
            ArrayNode list = addresses.putArray(s.networkName);
            list.addObject().put("version", 4).put("addr", s.fixedIp).put("OS-EXT-IPS:type", "fixed")
                    .put("OS-EXT-IPS-MAC:mac_addr", ports.get(s.portId).path("mac_address").asText());
            floatingIps.values().stream().filter(f -> s.portId.equals(f.path("port_id").asText(null)))
                    .forEach(f -> list.addObject().put("version", 4).put("addr", f.path("floating_ip_address").asText())
                            .put("OS-EXT-IPS:type", "floating")
                            .put("OS-EXT-IPS-MAC:mac_addr", ports.get(s.portId).path("mac_address").asText()));
        }
        d.put("accessIPv4", "").put("accessIPv6", "");
        d.set("links", links("servers", s.id));
        if (s.created.has("key_name")) d.put("key_name", s.created.get("key_name").asText());
        else d.putNull("key_name");
        d.put("OS-DCF:diskConfig", "MANUAL").put("OS-EXT-AZ:availability_zone", status.equals("BUILD") ? "" : "nova")
                .put("config_drive", "").put("progress", status.equals("BUILD") ? 0 : 100);
        switch (status) {
            case "BUILD" -> d.put("OS-EXT-STS:task_state", "spawning").put("OS-EXT-STS:vm_state", "building").put("OS-EXT-STS:power_state", 0);
            case "ERROR" -> d.putNull("OS-EXT-STS:task_state").put("OS-EXT-STS:vm_state", "error").put("OS-EXT-STS:power_state", 0);
            case "HARD_REBOOT" -> d.put("OS-EXT-STS:task_state", "reboot_started_hard").put("OS-EXT-STS:vm_state", "active").put("OS-EXT-STS:power_state", 1);
            default -> d.putNull("OS-EXT-STS:task_state").put("OS-EXT-STS:vm_state", "active").put("OS-EXT-STS:power_state", 1);
        }
        if (status.equals("ACTIVE") || status.equals("HARD_REBOOT")) d.put("OS-SRV-USG:launched_at", USAGE_TIME.format(s.createdAt.plus(buildDelay)));
        else d.putNull("OS-SRV-USG:launched_at");
        d.putNull("OS-SRV-USG:terminated_at");
        d.putArray("os-extended-volumes:volumes_attached");
        ArrayNode sg = d.putArray("security_groups");
        if (!status.equals("ERROR")) {
            if (s.created.path("security_groups").isEmpty()) sg.addObject().put("name", "default");
            else s.created.path("security_groups").forEach(g -> sg.addObject().put("name", g.path("name").asText()));
        }
        if (status.equals("ERROR")) {
            d.putObject("fault").put("code", 500).put("created", NOVA_TIME.format(s.createdAt.plus(buildDelay)))
                    .put("message", failFault).put("details", "Traceback (simulated)");
        }
        return d;
    }

    private synchronized Object[] listServers(Map<String, String> q) {
        Pattern name = q.containsKey("name") ? Pattern.compile(q.get("name")) : null;
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("servers");
        for (SimServer s : servers.values()) {
            if (name != null && !name.matcher(s.name).find()) continue;
            ObjectNode d = detail(s);
            if (q.containsKey("status") && !q.get("status").equalsIgnoreCase(d.path("status").asText())) continue;
            list.add(d);
        }
        return new Object[]{200, out};
    }

    private synchronized Object[] getServer(String id) {
        SimServer s = servers.get(id);
        if (s == null) throw novaError(404, "itemNotFound", "Instance " + id + " could not be found.");
        ObjectNode out = json.createObjectNode();
        out.set("server", detail(s));
        return new Object[]{200, out};
    }

    private synchronized Object[] deleteServer(String id) {
        SimServer s = servers.remove(id);
        if (s == null) throw novaError(404, "itemNotFound", "Instance " + id + " could not be found.");
        ports.remove(s.portId);
        // As Neutron does: floating IPs of a deleted port stay allocated, disassociated.
        floatingIps.values().stream().filter(f -> s.portId.equals(f.path("port_id").asText(null)))
                .forEach(f -> f.putNull("port_id").putNull("fixed_ip_address").put("status", "DOWN"));
        return new Object[]{204, null};
    }

    private synchronized Object[] serverAction(String id, String body) {
        SimServer s = servers.get(id);
        if (s == null) throw novaError(404, "itemNotFound", "Instance " + id + " could not be found.");
        JsonNode root = readBody(body, "/compute");
        if (root.size() != 1) throw novaError(400, "badRequest", "There is no such action: " + root.fieldNames());
        if (root.has("addSecurityGroup")) {
            JsonNode add = root.path("addSecurityGroup");
            only(add, Set.of("name"), "addSecurityGroup", "/compute");
            String gname = add.path("name").asText("");
            ObjectNode group = securityGroups.values().stream().filter(x -> gname.equals(x.path("name").asText()) || gname.equals(x.path("id").asText()))
                    .findFirst().orElseThrow(() -> novaError(404, "itemNotFound", "Security group " + gname + " not found for project " + projectId + "."));
            if (status(s).equals("BUILD")) throw novaError(409, "conflictingRequest", "Cannot 'addSecurityGroup' instance " + id + " while it is in vm_state building");
            ObjectNode created = (ObjectNode) s.created;
            ArrayNode groups = created.has("security_groups") ? (ArrayNode) created.get("security_groups") : created.putArray("security_groups");
            boolean present = false;
            for (JsonNode g : groups) present |= g.path("name").asText().equals(group.path("name").asText());
            // Nova answers 202 for a group the server has already (Neutron keeps one binding).
            if (!present) {
                groups.addObject().put("name", group.path("name").asText());
                ((ArrayNode) ports.get(s.portId).get("security_groups")).add(group.path("id").asText());
            }
            return new Object[]{202, null};
        }
        if (!root.has("reboot")) throw novaError(400, "badRequest", "There is no such action: " + root.fieldNames().next());
        JsonNode reboot = root.path("reboot");
        only(reboot, Set.of("type"), "reboot", "/compute");
        String type = reboot.path("type").asText("");
        if (!type.equals("HARD") && !type.equals("SOFT")) throw novaError(400, "badRequest", "Invalid input for field/attribute type. Value: " + type + ". '" + type + "' is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']");
        String st = status(s);
        if (st.equals("BUILD") || st.equals("HARD_REBOOT")) {
            throw novaError(409, "conflictingRequest", "Cannot 'reboot' instance " + id + " while it is in task_state "
                    + (st.equals("BUILD") ? "spawning" : "reboot_started_hard"));
        }
        s.rebootUntil = Instant.now().plus(rebootDelay);
        return new Object[]{202, null};
    }

    private synchronized Object[] listFlavors() {
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("flavors");
        flavors.values().forEach(list::add);
        return new Object[]{200, out};
    }

    private synchronized Object[] getKeypair(String name) {
        ObjectNode k = keypairs.get(name);
        if (k == null) throw novaError(404, "itemNotFound", "Keypair " + name + " not found for user " + userId);
        ObjectNode out = json.createObjectNode();
        out.set("keypair", k.deepCopy().put("id", 1).put("deleted", false).put("created_at", NOVA_TIME.format(Instant.now())));
        return new Object[]{200, out};
    }

    private synchronized Object[] listKeypairs() {
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("keypairs");
        keypairs.values().forEach(k -> list.addObject().set("keypair", k));
        return new Object[]{200, out};
    }

    private synchronized Object[] limits() {
        ObjectNode out = json.createObjectNode();
        ObjectNode l = out.putObject("limits");
        l.putArray("rate");
        l.putObject("absolute").put("maxTotalInstances", instanceQuota == Integer.MAX_VALUE ? -1 : instanceQuota)
                .put("totalInstancesUsed", servers.size()).put("maxTotalCores", -1).put("maxTotalRAMSize", -1)
                .put("maxServerMeta", 128).put("maxTotalKeypairs", 100).put("totalCoresUsed", 0).put("totalRAMUsed", 0);
        return new Object[]{200, out};
    }

    private Object[] availabilityZones() {
        ObjectNode out = json.createObjectNode();
        ObjectNode z = out.putArray("availabilityZoneInfo").addObject();
        z.put("zoneName", "nova").putNull("hosts");
        z.putObject("zoneState").put("available", true);
        return new Object[]{200, out};
    }

    private Answer novaError(int code, String kind, String message) {
        ObjectNode e = json.createObjectNode();
        e.putObject(kind).put("code", code).put("message", message);
        return new Answer(code, e);
    }

    // ------------------------------------------------------------ Neutron

    private ObjectNode networkJson(Net n) {
        ObjectNode o = json.createObjectNode();
        o.put("id", n.id()).put("name", n.name()).put("status", "ACTIVE").put("admin_state_up", true)
                .put("shared", false).put("router:external", n.external()).put("mtu", 1450)
                .put("tenant_id", projectId).put("project_id", projectId);
        o.putArray("subnets").add(n.subnetId());
        return o;
    }

    private synchronized Object[] listNetworks(Map<String, String> q) {
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("networks");
        for (Net n : networks.values()) {
            if (q.containsKey("name") && !q.get("name").equals(n.name())) continue;
            if (q.containsKey("id") && !q.get("id").equals(n.id())) continue;
            list.add(networkJson(n));
        }
        return new Object[]{200, out};
    }

    private synchronized Object[] getNetwork(String id) {
        Net n = networks.get(id);
        if (n == null) throw neutronError(404, "NetworkNotFound", "Network " + id + " could not be found.");
        ObjectNode out = json.createObjectNode();
        out.set("network", networkJson(n));
        return new Object[]{200, out};
    }

    private synchronized Object[] listSubnets() {
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("subnets");
        for (Net n : networks.values()) {
            ObjectNode s = list.addObject();
            s.put("id", n.subnetId()).put("name", n.name() + "-subnet").put("network_id", n.id())
                    .put("cidr", n.cidrPrefix() + ".0/24").put("ip_version", 4).put("gateway_ip", n.cidrPrefix() + ".1")
                    .put("enable_dhcp", true).put("tenant_id", projectId).put("project_id", projectId);
            s.putArray("allocation_pools").addObject().put("start", n.cidrPrefix() + ".2").put("end", n.cidrPrefix() + ".254");
        }
        return new Object[]{200, out};
    }

    private synchronized Object[] listPorts(Map<String, String> q) {
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("ports");
        for (ObjectNode p : ports.values()) {
            if (q.containsKey("device_id") && !q.get("device_id").equals(p.path("device_id").asText())) continue;
            if (q.containsKey("network_id") && !q.get("network_id").equals(p.path("network_id").asText())) continue;
            list.add(p);
        }
        return new Object[]{200, out};
    }

    private synchronized Object[] listSecurityGroups(Map<String, String> q) {
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("security_groups");
        for (ObjectNode g : securityGroups.values()) {
            if (q.containsKey("name") && !q.get("name").equals(g.path("name").asText())) continue;
            list.add(g);
        }
        return new Object[]{200, out};
    }

    private synchronized Object[] createSecurityGroup(String body) {
        JsonNode g = readBody(body, "/network").path("security_group");
        if (!g.isObject()) throw neutronError(400, "HTTPBadRequest", "Resource body required");
        only(g, SG_KEYS, "security_group", "/network");
        String name = g.path("name").asText("");
        if (name.equals("default")) throw neutronError(409, "SecurityGroupDefaultAlreadyExists", "Default security group already exists.");
        String id = uuid();
        ObjectNode sg = json.createObjectNode();
        sg.put("id", id).put("name", name).put("description", g.path("description").asText(""))
                .put("tenant_id", projectId).put("project_id", projectId).put("stateful", true).put("revision_number", 1)
                .put("created_at", NOVA_TIME.format(Instant.now())).put("updated_at", NOVA_TIME.format(Instant.now()));
        sg.putArray("tags");
        ArrayNode rules = sg.putArray("security_group_rules");
        for (String eth : List.of("IPv4", "IPv6")) rules.add(rule(id, "egress", eth, null, null, null, null));
        securityGroups.put(id, sg);
        ObjectNode out = json.createObjectNode();
        out.set("security_group", sg);
        return new Object[]{201, out};
    }

    private ObjectNode rule(String groupId, String direction, String ethertype, String protocol, Integer min, Integer max, String prefix) {
        return rule(groupId, direction, ethertype, protocol, min, max, prefix, null);
    }

    private ObjectNode rule(String groupId, String direction, String ethertype, String protocol, Integer min, Integer max, String prefix,
                            String remoteGroupId) {
        ObjectNode r = json.createObjectNode();
        r.put("id", uuid()).put("security_group_id", groupId).put("direction", direction).put("ethertype", ethertype)
                .put("tenant_id", projectId).put("project_id", projectId).put("description", "");
        if (protocol == null) r.putNull("protocol"); else r.put("protocol", protocol);
        if (min == null) r.putNull("port_range_min"); else r.put("port_range_min", min);
        if (max == null) r.putNull("port_range_max"); else r.put("port_range_max", max);
        if (prefix == null) r.putNull("remote_ip_prefix"); else r.put("remote_ip_prefix", prefix);
        if (remoteGroupId == null) r.putNull("remote_group_id"); else r.put("remote_group_id", remoteGroupId);
        return r;
    }

    private synchronized Object[] createRule(String body) {
        JsonNode r = readBody(body, "/network").path("security_group_rule");
        if (!r.isObject()) throw neutronError(400, "HTTPBadRequest", "Resource body required");
        only(r, SG_RULE_KEYS, "security_group_rule", "/network");
        for (String req : List.of("security_group_id", "direction")) {
            if (!r.hasNonNull(req)) throw neutronError(400, "HTTPBadRequest", "Failed to parse request. Required attribute '" + req + "' not specified");
        }
        ObjectNode group = securityGroups.get(r.path("security_group_id").asText());
        if (group == null) throw neutronError(404, "SecurityGroupNotFound", "Security group " + r.path("security_group_id").asText() + " does not exist");
        String direction = r.path("direction").asText();
        if (!direction.equals("ingress") && !direction.equals("egress")) throw neutronError(400, "HTTPBadRequest", "Invalid input for direction. Reason: '" + direction + "' is not in ['ingress', 'egress'].");
        String ethertype = r.path("ethertype").asText("IPv4");
        String protocol = r.hasNonNull("protocol") ? r.path("protocol").asText() : null;
        Integer min = r.hasNonNull("port_range_min") ? r.path("port_range_min").asInt() : null;
        Integer max = r.hasNonNull("port_range_max") ? r.path("port_range_max").asInt() : null;
        if ((min != null || max != null) && protocol == null) throw neutronError(400, "SecurityGroupProtocolRequiredWithPorts", "Must also specify protocol if port range is given.");
        if (min != null && max != null && min > max) throw neutronError(400, "SecurityGroupInvalidPortRange", "For TCP/UDP protocols, port_range_min must be <= port_range_max");
        String prefix = r.hasNonNull("remote_ip_prefix") ? r.path("remote_ip_prefix").asText() : null;
        String remoteGroup = r.hasNonNull("remote_group_id") ? r.path("remote_group_id").asText() : null;
        if (prefix != null && remoteGroup != null) throw neutronError(400, "SecurityGroupRemoteGroupAndRemoteIpPrefix", "Only remote_ip_prefix or remote_group_id may be provided.");
        if (remoteGroup != null && !securityGroups.containsKey(remoteGroup)) throw neutronError(404, "SecurityGroupNotFound", "Security group " + remoteGroup + " does not exist");
        for (JsonNode have : group.path("security_group_rules")) {
            if (have.path("direction").asText().equals(direction) && have.path("ethertype").asText().equals(ethertype)
                    && String.valueOf(protocol).equals(have.path("protocol").asText("null"))
                    && String.valueOf(min).equals(have.path("port_range_min").asText("null"))
                    && String.valueOf(max).equals(have.path("port_range_max").asText("null"))
                    && String.valueOf(prefix).equals(have.path("remote_ip_prefix").asText("null"))
                    && String.valueOf(remoteGroup).equals(have.path("remote_group_id").asText("null"))) {
                throw neutronError(409, "SecurityGroupRuleExists", "Security group rule already exists. Rule id is " + have.path("id").asText() + ".");
            }
        }
        ObjectNode created = rule(group.path("id").asText(), direction, ethertype, protocol, min, max, prefix, remoteGroup);
        ((ArrayNode) group.get("security_group_rules")).add(created);
        ObjectNode out = json.createObjectNode();
        out.set("security_group_rule", created);
        return new Object[]{201, out};
    }

    private synchronized Object[] deleteRule(String id) {
        for (ObjectNode g : securityGroups.values()) {
            ArrayNode rules = (ArrayNode) g.get("security_group_rules");
            for (int i = 0; i < rules.size(); i++) {
                if (id.equals(rules.get(i).path("id").asText())) {
                    rules.remove(i);
                    return new Object[]{204, null};
                }
            }
        }
        throw neutronError(404, "SecurityGroupRuleNotFound", "Security group rule " + id + " does not exist");
    }

    /** Adds an ingress rule as another tool (or a person) would; for tests of what the provider removes. */
    public synchronized OpenStackSimulator addIngressRule(String groupName, String protocol, int port, String cidr) {
        ObjectNode g = securityGroups.values().stream().filter(x -> groupName.equals(x.path("name").asText())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no security group " + groupName));
        ((ArrayNode) g.get("security_group_rules")).add(rule(g.path("id").asText(), "ingress", "IPv4", protocol, port, port, cidr));
        return this;
    }

    private synchronized Object[] listFloatingIps(Map<String, String> q) {
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("floatingips");
        for (ObjectNode f : floatingIps.values()) {
            if (q.containsKey("port_id") && !q.get("port_id").equals(f.path("port_id").asText(null))) continue;
            list.add(f);
        }
        return new Object[]{200, out};
    }

    private synchronized Object[] createFloatingIp(String body) {
        JsonNode f = readBody(body, "/network").path("floatingip");
        if (!f.isObject()) throw neutronError(400, "HTTPBadRequest", "Resource body required");
        only(f, FIP_KEYS, "floatingip", "/network");
        if (!f.hasNonNull("floating_network_id")) throw neutronError(400, "HTTPBadRequest", "Failed to parse request. Required attribute 'floating_network_id' not specified");
        Net ext = networks.get(f.path("floating_network_id").asText());
        if (ext == null) throw neutronError(404, "NetworkNotFound", "Network " + f.path("floating_network_id").asText() + " could not be found.");
        if (!ext.external()) throw neutronError(400, "BadRequest", "Bad floatingip request: Network " + ext.id() + " is not a valid external network.");
        String portId = f.hasNonNull("port_id") ? f.path("port_id").asText() : null;
        ObjectNode port = portId == null ? null : ports.get(portId);
        if (portId != null && port == null) throw neutronError(404, "PortNotFound", "Port " + portId + " could not be found.");
        if (portId != null && floatingIps.values().stream().anyMatch(x -> portId.equals(x.path("port_id").asText(null)))) {
            throw neutronError(409, "FloatingIPPortAlreadyAssociated", "Cannot associate floating IP with port " + portId + ": it already has a floating IP.");
        }
        String id = uuid();
        ObjectNode fip = json.createObjectNode();
        fip.put("id", id).put("floating_ip_address", ext.cidrPrefix() + "." + (nextFloating++))
                .put("floating_network_id", ext.id()).put("router_id", port == null ? null : uuid())
                .put("status", port == null ? "DOWN" : "ACTIVE").put("tenant_id", projectId).put("project_id", projectId)
                .put("description", "");
        if (port == null) fip.putNull("port_id").putNull("fixed_ip_address");
        else fip.put("port_id", portId).put("fixed_ip_address", port.path("fixed_ips").get(0).path("ip_address").asText());
        floatingIps.put(id, fip);
        ObjectNode out = json.createObjectNode();
        out.set("floatingip", fip);
        return new Object[]{201, out};
    }

    private synchronized Object[] deleteFloatingIp(String id) {
        if (floatingIps.remove(id) == null) throw neutronError(404, "FloatingIPNotFound", "Floating IP " + id + " could not be found");
        return new Object[]{204, null};
    }

    private Answer neutronError(int code, String type, String message) {
        ObjectNode e = json.createObjectNode();
        e.putObject("NeutronError").put("type", type).put("message", message).put("detail", "");
        return new Answer(code, e);
    }

    // ------------------------------------------------------------ Glance

    private synchronized Object[] listImages(Map<String, String> q) {
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("images");
        for (ObjectNode i : images.values()) {
            if (q.containsKey("name") && !q.get("name").equals(i.path("name").asText())) continue;
            list.add(i);
        }
        out.put("first", "/v2/images").put("schema", "/v2/schemas/images");
        return new Object[]{200, out};
    }

    private synchronized Object[] getImage(String id) {
        ObjectNode i = images.get(id);
        if (i == null) throw new Answer(404, error("/image", 404, "No image found with ID " + id));
        return new Object[]{200, i};
    }

    // ------------------------------------------------------------ shared

    private JsonNode readBody(String body, String service) {
        try {
            JsonNode n = json.readTree(body.isEmpty() ? "{}" : body);
            if (!n.isObject()) throw new Answer(400, error(service, 400, "Malformed request body"));
            return n;
        } catch (IOException e) {
            throw new Answer(400, error(service, 400, "Malformed request body"));
        }
    }

    /** Rejects fields the API does not define, with the service's own error shape. */
    private void only(JsonNode node, Set<String> allowed, String what, String service) {
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (allowed.contains(k)) continue;
            if (service.startsWith("/network")) throw neutronError(400, "HTTPBadRequest", "Unrecognized attribute(s) '" + k + "'");
            if (service.startsWith("/identity")) throw keystoneError(400, "Invalid input for field '" + what + "': Additional properties are not allowed ('" + k + "' was unexpected)");
            throw novaError(400, "badRequest", "Invalid input for field/attribute " + (what.isEmpty() ? "request" : what)
                    + ". Additional properties are not allowed ('" + k + "' was unexpected)");
        }
    }

    /** The error body each service uses for a status. */
    private JsonNode error(String path, int status, String message) {
        if (path.startsWith("/network")) {
            ObjectNode e = json.createObjectNode();
            e.putObject("NeutronError").put("type", status >= 500 ? "HTTPInternalServerError" : "HTTPNotFound")
                    .put("message", message).put("detail", "");
            return e;
        }
        if (path.startsWith("/identity")) {
            ObjectNode e = json.createObjectNode();
            e.putObject("error").put("code", status).put("title", "Error").put("message", message);
            return e;
        }
        if (path.startsWith("/image")) {
            ObjectNode e = json.createObjectNode();
            e.putObject("error").put("code", status).put("title", "Error").put("message", message);
            return e;
        }
        ObjectNode e = json.createObjectNode();
        String kind = switch (status) {
            case 400 -> "badRequest";
            case 403 -> "forbidden";
            case 404 -> "itemNotFound";
            case 409 -> "conflictingRequest";
            case 413 -> "overLimit";
            default -> "computeFault";
        };
        e.putObject(kind).put("code", status).put("message", message);
        return e;
    }

    private ArrayNode links(String collection, String id) {
        ArrayNode l = json.createArrayNode();
        l.addObject().put("rel", "self").put("href", base + "/compute/v2.1/" + collection + "/" + id);
        l.addObject().put("rel", "bookmark").put("href", base + "/compute/" + collection + "/" + id);
        return l;
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw.isEmpty()) return q;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private static Matcher match(String regex, String p) {
        Matcher m = Pattern.compile(regex).matcher(p);
        return m.matches() ? m : null;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "OpenStackSimulator[" + base + "]";
    }
}
