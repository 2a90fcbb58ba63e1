package io.rolestack.platform.provider;

import io.rolestack.core.naming.HostName;
import io.rolestack.core.net.Port;
import io.rolestack.core.remote.KnownHostsStore;
import io.rolestack.core.secrets.FileSecretStore;
import io.rolestack.core.secrets.SecretStore;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.vm.VmProvider;
import io.rolestack.vm.VmRequest;
import io.rolestack.vm.local.Ipv4Subnet;
import io.rolestack.vm.local.LocalPlatform;
import io.rolestack.vm.local.LocalProvider;
import io.rolestack.vm.local.LocalSettings;
import io.rolestack.vm.openstack.HostKeyPins;
import io.rolestack.vm.openstack.OpenStackProvider;
import io.rolestack.vm.openstack.OpenStackSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Turns a spec's {@code provider:} block into a provider; setting errors point at that block. */
public final class Providers {
    private Providers() {
    }

    /** As {@link #open(PlatformSpec, Map, SecretStore)} with the environment's default file secret store. */
    public static VmProvider open(PlatformSpec spec, Map<String, String> env) {
        return open(spec, env, null);
    }

    /**
     * The spec's provider. OpenStack servers it boots get host keys generated here, kept in
     * {@code secrets} (null: the environment's default file store) and pinned in the known_hosts
     * file {@link HostAccess} verifies with.
     */
    public static VmProvider open(PlatformSpec spec, Map<String, String> env, SecretStore secrets) {
        return switch (spec.provider().type()) {
            case "local" -> new LocalProvider(localSettings(spec));
            case "openstack" -> OpenStackProvider.create(openStackSettings(spec), env, hostKeyPins(spec,
                    secrets != null ? secrets : FileSecretStore.open(FileSecretStore.defaultDir(spec.environment()))));
            default -> throw spec.provider().error("unknown provider type '" + spec.provider().type() + "'");
        };
    }

    /** Where new OpenStack servers' host keys are kept and pinned. */
    public static HostKeyPins hostKeyPins(PlatformSpec spec, SecretStore secrets) {
        return new HostKeyPins(secrets, new KnownHostsStore(HostAccess.knownHostsFile(spec), spec.ssh().trustOnFirstUse()));
    }

    public static LocalPlatform local(PlatformSpec spec) {
        return new LocalPlatform(localSettings(spec));
    }

    public static LocalSettings localSettings(PlatformSpec spec) {
        Map<String, Object> p = spec.provider().settings();
        try {
            // Without subnet and jumpSubnet a new environment gets the first free slot, kept in its state
            // (so `up` again gets the same addresses); given ones are used exactly, and refused when in use.
            LocalSettings s = LocalSettings.defaults();
            if (p.containsKey("stateDir")) s = s.withStateRoot(Path.of(String.valueOf(p.get("stateDir"))));
            if (p.containsKey("subnet") || p.containsKey("jumpSubnet")) {
                Ipv4Subnet internal = p.containsKey("subnet") ? Ipv4Subnet.parse(String.valueOf(p.get("subnet"))) : s.internalSubnet();
                Ipv4Subnet outside = p.containsKey("jumpSubnet") ? Ipv4Subnet.parse(String.valueOf(p.get("jumpSubnet"))) : s.outsideSubnet();
                s = s.withSubnets(internal, outside);
            }
            if (p.containsKey("cacheDir")) s = s.withCacheRoot(Path.of(String.valueOf(p.get("cacheDir"))));
            if (p.containsKey("suite")) s = s.withSuite(String.valueOf(p.get("suite")));
            return s;
        } catch (IllegalArgumentException e) {
            throw spec.provider().error(e.getMessage());
        }
    }

    public static OpenStackSettings openStackSettings(PlatformSpec spec) {
        try {
            OpenStackSettings s = OpenStackSettings.fromMap(spec.provider().settings()).withDeployUser(spec.ssh().user());
            if (spec.ssh().identity().isPresent()) {
                Path pub = Path.of(spec.ssh().identity().get() + ".pub");
                if (Files.isReadable(pub)) s = s.withDeployPublicKey(Files.readString(pub).trim());
            }
            return s;
        } catch (IllegalArgumentException e) {
            throw spec.provider().error(e.getMessage());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the deploy public key: " + e.getMessage(), e);
        }
    }

    /** One request per host of the spec, the jump host marked; flavors per role, ports from the roles. */
    public static List<VmRequest> requests(PlatformSpec spec, Function<HostName, List<Port>> ports) {
        String defaultFlavor = String.valueOf(spec.provider().settings().getOrDefault("flavor", ""));
        return spec.allHosts().stream()
                .map(h -> new VmRequest(h, spec.flavorOf(h, defaultFlavor), ports.apply(h), h.equals(spec.jump()), Map.of()))
                .toList();
    }
}
