package io.rolestack.vm.local;

import io.rolestack.core.files.AtomicFile;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What an environment is meant to be: its subnets, its jump host and each
 * host's fixed internal address (kept so {@code up} twice gives the same
 * addresses). Stored as {@code platform.properties} in the environment's state dir.
 *
 * @param hosts short name → (fqdn, internal address)
 */
record PlatformState(String environment, Ipv4Subnet internal, Ipv4Subnet outside, Optional<String> jump,
                     Map<String, HostEntry> hosts) {
    static final String FILE = "platform.properties";

    record HostEntry(String fqdn, String address) {
    }

    PlatformState {
        // One order whatever the source (file or code): by address, so files rendered from it are stable.
        Map<String, HostEntry> sorted = new LinkedHashMap<>();
        hosts.entrySet().stream()
                .sorted(java.util.Comparator.comparingLong((Map.Entry<String, HostEntry> e) -> Ipv4Subnet.parseAddress(e.getValue().address()))
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        hosts = java.util.Collections.unmodifiableMap(sorted);
    }

    static Optional<PlatformState> load(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) return Optional.empty();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
        Map<String, HostEntry> hosts = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("host.") && k.endsWith(".fqdn")) {
                String s = k.substring(5, k.length() - 5);
                hosts.put(s, new HostEntry(p.getProperty(k), p.getProperty("host." + s + ".address")));
            }
        }
        return Optional.of(new PlatformState(p.getProperty("environment"),
                Ipv4Subnet.parse(p.getProperty("internal")), Ipv4Subnet.parse(p.getProperty("outside")),
                Optional.ofNullable(p.getProperty("jump")), hosts));
    }

    /** Written to a temporary file then renamed: a reader never sees half a state. */
    void save(Path dir) {
        Properties p = new Properties();
        p.setProperty("environment", environment);
        p.setProperty("internal", internal.toString());
        p.setProperty("outside", outside.toString());
        jump.ifPresent(j -> p.setProperty("jump", j));
        hosts.forEach((s, h) -> {
            p.setProperty("host." + s + ".fqdn", h.fqdn());
            p.setProperty("host." + s + ".address", h.address());
        });
        StringWriter w = new StringWriter();
        try {
            p.store(w, "rolestack local environment " + environment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
        AtomicFile.write(dir.resolve(FILE), w.toString(), AtomicFile.PUBLIC);
    }

    PlatformState withHost(String shortName, HostEntry h) {
        Map<String, HostEntry> m = new LinkedHashMap<>(hosts);
        m.put(shortName, h);
        return new PlatformState(environment, internal, outside, jump, m);
    }

    PlatformState withoutHost(String shortName) {
        Map<String, HostEntry> m = new LinkedHashMap<>(hosts);
        m.remove(shortName);
        return new PlatformState(environment, internal, outside, jump.filter(j -> !j.equals(shortName)), m);
    }

    PlatformState withJump(String shortName) {
        return new PlatformState(environment, internal, outside, Optional.of(shortName), hosts);
    }

    /** The first /30 of the outside subnet: machine .1, jump host .2. */
    Ipv4Subnet jumpLink() {
        return outside.subnet(30, 0);
    }

    /** The second /30: machine .5, egress gateway .6. */
    Ipv4Subnet gatewayLink() {
        return outside.subnet(30, 1);
    }

    /** The jump host's address on its outside link: what this machine connects to. */
    String jumpLinkAddress() {
        return jumpLink().address(2);
    }

    /** The lowest free internal address from .10 up (.1 is the gateway, .2-.9 kept for later use). */
    String nextAddress() {
        for (long i = 10; i < internal.size() - 1; i++) {
            String a = internal.address(i);
            if (hosts.values().stream().noneMatch(h -> h.address().equals(a))) return a;
        }
        throw new IllegalArgumentException("internal subnet " + internal + " of environment " + environment + " is full");
    }
}
