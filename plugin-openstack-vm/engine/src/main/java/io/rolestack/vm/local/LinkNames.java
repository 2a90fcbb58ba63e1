package io.rolestack.vm.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the kernel objects of one environment. Link names are limited to 15
 * characters, so they carry a hash of environment and host rather than the
 * names themselves: {@code rs} + 5 hex of the environment + 4 hex of the host
 * (+ one letter). Network namespaces have no such limit and stay readable.
 */
record LinkNames(String environment) {
    static final String GATEWAY = "gw";
    private static final String PREFIX = "rs";

    private String envTag() {
        return PREFIX + hex(environment, 5);
    }

    private String hostTag(String shortName) {
        // "gw" is not hex, so the gateway can never collide with a host hash.
        return GATEWAY.equals(shortName) ? GATEWAY : hex(shortName, 4);
    }

    String bridge() {
        return envTag() + "br";
    }

    /** Machine end of the host's veth on the bridge. */
    String bridgePort(String shortName) {
        return envTag() + hostTag(shortName);
    }

    /** Peer of {@link #bridgePort} before it moves into the host and becomes eth0. */
    String bridgePeer(String shortName) {
        return bridgePort(shortName) + "p";
    }

    /** Machine end of the outside link (jump host and gateway); it holds the machine's address. */
    String outsideLink(String shortName) {
        return bridgePort(shortName) + "o";
    }

    String outsidePeer(String shortName) {
        return bridgePort(shortName) + "q";
    }

    String netns(String shortName) {
        // A host short name never starts with '-', so "--gw" cannot be a host's namespace.
        return "rs-" + environment + "-" + (GATEWAY.equals(shortName) ? "-gw" : shortName);
    }

    /** The environment's iptables chain in the machine's filter table. */
    String chain() {
        return "ROLESTACK-" + hex(environment, 5);
    }

    static String hex(String s, int chars) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, chars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
