package io.rolestack.platform.provider;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.remote.KnownHostsStore;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.core.remote.SshEndpoint;
import io.rolestack.core.remote.SshIdentity;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.vm.VmProvider;
import io.rolestack.vm.local.LocalEnvironment;

import java.nio.file.Path;

/** SSH access to a spec's hosts as its provider has them now. */
public final class HostAccess {
    private HostAccess() {
    }

    /** The known_hosts file of a non-local spec: {@code ssh.knownHosts}, else {@code ~/.config/rolestack/known_hosts}. */
    public static Path knownHostsFile(PlatformSpec spec) {
        return spec.ssh().knownHosts().orElse(Path.of(System.getProperty("user.home")).resolve(".config/rolestack/known_hosts"));
    }

    public static PlatformAccess open(PlatformSpec spec, VmProvider provider) {
        if (spec.provider().type().equals("local")) {
            LocalEnvironment env = Providers.local(spec).environment(spec.environment())
                    .orElseThrow(() -> new IllegalStateException("no local hosts for environment '" + spec.environment()
                            + "': run `rolestack local up -f " + spec.source() + "` first"));
            return new PlatformAccess(env.inventory(), env.jump(),
                    new SshEndpoint(env.jumpAddress(), env.jumpPort(), "root"),
                    SshIdentity.file(env.privateKey()), new KnownHostsStore(env.knownHosts(), false));
        }
        Inventory inventory = provider.list(spec.environment());
        Host jump = inventory.host(spec.jump())
                .orElseThrow(() -> new IllegalStateException("the jump host " + spec.jump() + " does not exist: run `rolestack vm create -f "
                        + spec.source() + "` first"));
        String address = jump.publicIp().orElseThrow(() -> new IllegalStateException(
                "the jump host " + jump.fqdn() + " has no public (floating) IP"));
        Path home = Path.of(System.getProperty("user.home"));
        Path identity = spec.ssh().identity().orElse(home.resolve(".ssh/id_ed25519"));
        Path knownHosts = knownHostsFile(spec);
        return new PlatformAccess(inventory, jump, SshEndpoint.of(address, spec.ssh().user()),
                SshIdentity.file(identity), new KnownHostsStore(knownHosts, spec.ssh().trustOnFirstUse()));
    }
}
