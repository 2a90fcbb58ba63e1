package io.rolestack.vm.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where local hosts live and which addresses they get.
 *
 * @param stateRoot      one directory per environment: journal, keys, known_hosts, host overlays
 * @param cacheRoot      the debootstrap rootfs and the shared apt archive cache (outside any repository)
 * @param suite          Debian suite of the rootfs ({@code bookworm}); its mirror is read from this machine's apt sources
 * @param internalSubnet the bridge every host sits on; the machine has no address in it
 * @param outsideSubnet  at least a /29: two /30 links from the machine, one to the jump host, one to the egress gateway
 * @param packages       Debian packages in the rootfs; changing the list builds a new rootfs
 * @param automaticSubnets true: the subnets above are only the first choice; a new environment gets the first
 *                       slot ({@link #slot}) no other environment and no route of this machine uses, kept in its
 *                       state. false: exactly these subnets, refused when in use
 */
public record LocalSettings(Path stateRoot, Path cacheRoot, String suite, Ipv4Subnet internalSubnet,
                            Ipv4Subnet outsideSubnet, List<String> packages, boolean automaticSubnets) {

    /** What every host needs: sshd for the deploy, python3 and sudo for roles, the tools the provider itself runs inside. */
    public static final List<String> BASE_PACKAGES = List.of(
            "openssh-server", "python3", "sudo", "iproute2", "ca-certificates", "procps",
            "netcat-openbsd", "curl", "gnupg");

    public static final Path DEFAULT_STATE_ROOT = Path.of("/var/lib/rolestack/local");
    public static final Ipv4Subnet DEFAULT_INTERNAL = Ipv4Subnet.parse("10.213.0.0/24");
    public static final Ipv4Subnet DEFAULT_OUTSIDE = Ipv4Subnet.parse("10.214.0.0/29");
    /** Internal subnets of slot n are 10.213.n.0/24, outside links 10.214.0.0/16's n-th /29. */
    private static final Ipv4Subnet INTERNAL_POOL = Ipv4Subnet.parse("10.213.0.0/16");
    private static final Ipv4Subnet OUTSIDE_POOL = Ipv4Subnet.parse("10.214.0.0/16");

    public LocalSettings {
        Objects.requireNonNull(stateRoot, "stateRoot");
        Objects.requireNonNull(cacheRoot, "cacheRoot");
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(internalSubnet, "internalSubnet");
        Objects.requireNonNull(outsideSubnet, "outsideSubnet");
        packages = List.copyOf(packages);
        if (!suite.matches("[a-z][a-z0-9-]*")) throw new IllegalArgumentException("suite '" + suite + "' is not a Debian suite name");
        for (String p : packages) {
            if (!p.matches("[a-z0-9][a-z0-9+.-]*")) throw new IllegalArgumentException("package '" + p + "' is not a Debian package name");
        }
        if (outsideSubnet.prefix() > 29) {
            throw new IllegalArgumentException("outside subnet " + outsideSubnet + " is too small: it needs a /29 (two /30 links)");
        }
        if (internalSubnet.prefix() > 28) {
            throw new IllegalArgumentException("internal subnet " + internalSubnet + " is too small: use /28 or larger");
        }
        if (internalSubnet.overlaps(outsideSubnet)) {
            throw new IllegalArgumentException("internal subnet " + internalSubnet + " overlaps outside subnet " + outsideSubnet);
        }
    }

    /** Exactly these subnets (no automatic choice). */
    public LocalSettings(Path stateRoot, Path cacheRoot, String suite, Ipv4Subnet internalSubnet,
                         Ipv4Subnet outsideSubnet, List<String> packages) {
        this(stateRoot, cacheRoot, suite, internalSubnet, outsideSubnet, packages, false);
    }

    /** Default paths and packages; subnets chosen automatically (slot 0 when free). */
    public static LocalSettings defaults() {
        return new LocalSettings(DEFAULT_STATE_ROOT,
                Path.of(System.getProperty("user.home"), ".cache", "rolestack"),
                "bookworm", DEFAULT_INTERNAL, DEFAULT_OUTSIDE, BASE_PACKAGES, true);
    }

    /** Slot {@code n} of the default address plan (0..255), so several environments can be up at once; exactly these subnets. */
    public LocalSettings slot(int n) {
        return withSubnets(INTERNAL_POOL.subnet(24, n), OUTSIDE_POOL.subnet(29, n));
    }

    /** Number of slots of the default address plan. */
    public static int slots() {
        return 256;
    }

    /** Exactly these subnets (no automatic choice). */
    public LocalSettings withSubnets(Ipv4Subnet internal, Ipv4Subnet outside) {
        return new LocalSettings(stateRoot, cacheRoot, suite, internal, outside, packages, false);
    }

    /** Slot 0 first, else the first free slot, chosen when an environment is first made and kept in its state. */
    public LocalSettings withAutomaticSubnets() {
        return new LocalSettings(stateRoot, cacheRoot, suite, DEFAULT_INTERNAL, DEFAULT_OUTSIDE, packages, true);
    }

    public LocalSettings withStateRoot(Path root) {
        return new LocalSettings(root, cacheRoot, suite, internalSubnet, outsideSubnet, packages, automaticSubnets);
    }

    public LocalSettings withCacheRoot(Path root) {
        return new LocalSettings(stateRoot, root, suite, internalSubnet, outsideSubnet, packages, automaticSubnets);
    }

    public LocalSettings withSuite(String debianSuite) {
        return new LocalSettings(stateRoot, cacheRoot, debianSuite, internalSubnet, outsideSubnet, packages, automaticSubnets);
    }

    public LocalSettings withPackages(List<String> extra) {
        return new LocalSettings(stateRoot, cacheRoot, suite, internalSubnet, outsideSubnet, extra, automaticSubnets);
    }
}
