package io.rolestack.vm.openstack;

import io.rolestack.core.time.DurationText;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the OpenStack provider builds servers: the spec's {@code provider:} section.
 *
 * @param cloud           name in clouds.yaml; empty = {@code OS_CLOUD}, or the {@code OS_*} variables
 * @param image           Glance image name (or id)
 * @param network         Neutron network the servers are attached to (name or id)
 * @param subnetCidr      the environment's subnet; internal traffic is allowed only from it
 * @param keyName         Nova key pair injected by Nova (may be empty: user data carries the deploy key)
 * @param defaultFlavor   flavor for roles without their own
 * @param flavors         flavor per role
 * @param sshFrom         CIDR allowed to reach ssh (22) on the jump host
 * @param floatingNetwork external network the jump host's floating IP comes from
 * @param deployUser      account cloud-init gives the deploy key to (the spec's ssh.user; default {@code deploy})
 * @param deployPublicKey OpenSSH public key the deploy user logs in with (written by cloud-init)
 * @param bootTimeout     how long a server may stay in BUILD
 * @param pollInterval    how often a building server is looked at
 * @param callTimeout     longest wait for one API call
 * @param concurrency     servers built at the same time
 * @param credentials     explicit credentials; empty = clouds.yaml / OS_* variables
 */
public record OpenStackSettings(String cloud, String image, String network, String subnetCidr, String keyName,
                                String defaultFlavor, Map<String, String> flavors, String sshFrom,
                                String floatingNetwork, String deployUser, String deployPublicKey, Duration bootTimeout,
                                Duration pollInterval, Duration callTimeout, int concurrency,
                                Optional<OpenStackCredentials> credentials) {

    public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_CONCURRENCY = 10;

    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    private static final Set<String> KEYS = Set.of("type", "cloud", "image", "network", "subnetCidr", "keyName",
            "flavor", "flavors", "sshFrom", "floatingNetwork", "deployUser", "deployKey", "buildTimeout",
            "pollInterval", "callTimeout", "concurrency", "authUrl", "username", "userDomain", "userDomainId",
            "project", "projectDomain", "projectDomainId", "region", "applicationCredentialId");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Set<String> SECRET_KEYS = Set.of("password", "applicationCredentialSecret", "secret");

    public OpenStackSettings {
        cloud = nonNull(cloud);
        image = nonNull(image);
        network = nonNull(network);
        subnetCidr = nonNull(subnetCidr);
        keyName = nonNull(keyName);
        defaultFlavor = nonNull(defaultFlavor);
        flavors = Map.copyOf(flavors == null ? Map.of() : flavors);
        sshFrom = nonNull(sshFrom);
        floatingNetwork = nonNull(floatingNetwork).isEmpty() ? "public" : floatingNetwork;
        deployUser = nonNull(deployUser).isEmpty() ? "deploy" : deployUser;
        if (!USER.matcher(deployUser).matches()) throw new IllegalArgumentException("deployUser: not a login name: '" + deployUser + "'");
        deployPublicKey = nonNull(deployPublicKey).trim();
        bootTimeout = bootTimeout == null ? DEFAULT_BOOT_TIMEOUT : bootTimeout;
        pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
        callTimeout = callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout;
        concurrency = concurrency <= 0 ? DEFAULT_CONCURRENCY : concurrency;
        credentials = Objects.requireNonNull(credentials, "credentials");
        if (!subnetCidr.isEmpty()) checkCidr("subnetCidr", subnetCidr);
        if (!sshFrom.isEmpty()) checkCidr("sshFrom", sshFrom);
    }

    /**
     * Reads the spec's {@code provider:} map. Unknown keys, wrong types and secrets
     * (which belong in clouds.yaml or OS_* variables, never in a spec) are rejected
     * with an {@link IllegalArgumentException} naming the key.
     */
    public static OpenStackSettings fromMap(Map<String, ?> provider) {
        Objects.requireNonNull(provider, "provider");
        for (String key : provider.keySet()) {
            if (SECRET_KEYS.contains(key)) {
                throw new IllegalArgumentException("provider." + key + ": secrets do not belong in the spec;"
                        + " use clouds.yaml or OS_PASSWORD / OS_APPLICATION_CREDENTIAL_SECRET");
            }
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("provider." + key + ": unknown key (known: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        String type = string(provider, "type");
        if (!type.isEmpty() && !type.equals("openstack")) {
            throw new IllegalArgumentException("provider.type: '" + type + "' is not 'openstack'");
        }
        Map<String, String> flavors = new LinkedHashMap<>();
        Object f = provider.get("flavors");
        if (f != null) {
            if (!(f instanceof Map<?, ?> m)) throw new IllegalArgumentException("provider.flavors: want a map role → flavor, got " + f);
            m.forEach((role, flavor) -> {
                if (!(flavor instanceof String s) || s.isBlank()) {
                    throw new IllegalArgumentException("provider.flavors." + role + ": want a flavor name, got " + flavor);
                }
                flavors.put(String.valueOf(role), s);
            });
        }
        Optional<OpenStackCredentials> creds = Optional.empty();
        String authUrl = string(provider, "authUrl");
        String appId = string(provider, "applicationCredentialId");
        if (!authUrl.isEmpty() || !appId.isEmpty() || !string(provider, "username").isEmpty()) {
            // Explicit non-secret fields; the secret is filled in from the environment by OpenStackAuth.
            creds = Optional.of(new OpenStackCredentials(authUrl, string(provider, "username"), "",
                    KeystoneDomain.of(string(provider, "userDomain"), string(provider, "userDomainId")),
                    string(provider, "project"),
                    KeystoneDomain.of(string(provider, "projectDomain"), string(provider, "projectDomainId")),
                    appId, "", string(provider, "region")));
        }
        String concurrency = string(provider, "concurrency");
        int conc;
        try {
            conc = concurrency.isEmpty() ? DEFAULT_CONCURRENCY : Integer.parseInt(concurrency);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("provider.concurrency: want a whole number, got '" + concurrency + "'");
        }
        if (conc < 1 || conc > 100) throw new IllegalArgumentException("provider.concurrency: want 1-100, got " + conc);
        try {
            return new OpenStackSettings(string(provider, "cloud"), string(provider, "image"),
                    string(provider, "network"), string(provider, "subnetCidr"), string(provider, "keyName"),
                    string(provider, "flavor"), flavors, string(provider, "sshFrom"),
                    string(provider, "floatingNetwork"), string(provider, "deployUser"), string(provider, "deployKey"),
                    duration(provider, "buildTimeout"), duration(provider, "pollInterval"),
                    duration(provider, "callTimeout"), conc, creds);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("provider." + e.getMessage(), e);
        }
    }

    /** Checks what creating servers needs; names every missing key at once. */
    public OpenStackSettings requireForCreate() {
        List<String> missing = new java.util.ArrayList<>();
        if (image.isEmpty()) missing.add("image");
        if (network.isEmpty()) missing.add("network");
        if (subnetCidr.isEmpty()) missing.add("subnetCidr");
        if (sshFrom.isEmpty()) missing.add("sshFrom");
        if (deployPublicKey.isEmpty()) missing.add("deployKey");
        if (!missing.isEmpty()) throw new IllegalArgumentException("provider: missing " + String.join(", ", missing));
        return this;
    }

    /** The flavor for a role: the request's own, else the role's, else the default. */
    public String flavorFor(String role, String requested) {
        if (requested != null && !requested.isBlank()) return requested;
        String f = flavors.getOrDefault(role, defaultFlavor);
        if (f.isEmpty()) throw new IllegalArgumentException("provider: no flavor for role '" + role + "' (set provider.flavor or provider.flavors." + role + ")");
        return f;
    }

    public OpenStackSettings withCredentials(OpenStackCredentials c) {
        return new OpenStackSettings(cloud, image, network, subnetCidr, keyName, defaultFlavor, flavors, sshFrom,
                floatingNetwork, deployUser, deployPublicKey, bootTimeout, pollInterval, callTimeout, concurrency, Optional.of(c));
    }

    public OpenStackSettings withDeployPublicKey(String key) {
        return new OpenStackSettings(cloud, image, network, subnetCidr, keyName, defaultFlavor, flavors, sshFrom,
                floatingNetwork, deployUser, key, bootTimeout, pollInterval, callTimeout, concurrency, credentials);
    }

    /** The account the deploy key is given to: the spec's {@code ssh.user}. */
    public OpenStackSettings withDeployUser(String user) {
        return new OpenStackSettings(cloud, image, network, subnetCidr, keyName, defaultFlavor, flavors, sshFrom,
                floatingNetwork, user, deployPublicKey, bootTimeout, pollInterval, callTimeout, concurrency, credentials);
    }

    public OpenStackSettings withTimings(Duration boot, Duration poll, Duration call) {
        return new OpenStackSettings(cloud, image, network, subnetCidr, keyName, defaultFlavor, flavors, sshFrom,
                floatingNetwork, deployUser, deployPublicKey, boot, poll, call, concurrency, credentials);
    }

    private static String string(Map<String, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) return "";
        if (v instanceof String || v instanceof Number || v instanceof Boolean) return String.valueOf(v).trim();
        throw new IllegalArgumentException("provider." + key + ": want a single value, got " + v);
    }

    private static Duration duration(Map<String, ?> m, String key) {
        String v = string(m, key);
        if (v.isEmpty()) return null;
        try {
            return DurationText.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": want a duration like 90s, 10m or 500ms, got '" + v + "' (" + e.getMessage().replaceFirst("^is ", "") + ")");
        }
    }

    private static void checkCidr(String key, String cidr) {
        Matcher c = CIDR.matcher(cidr);
        boolean ok = c.matches() && Integer.parseInt(c.group(5)) <= 32;
        for (int i = 1; ok && i <= 4; i++) ok = Integer.parseInt(c.group(i)) <= 255;
        if (!ok) throw new IllegalArgumentException(key + ": not an IPv4 CIDR like 10.0.0.0/24: '" + cidr + "'");
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
