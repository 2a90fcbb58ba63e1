package io.rolestack.vm.openstack;

import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.KnownHostsStore;
import io.rolestack.core.secrets.Secret;
import io.rolestack.core.secrets.SecretStore;
import io.rolestack.core.secrets.SecretStoreException;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The host keys of the servers rolestack boots: generated here before the boot,
 * kept in the environment's {@link SecretStore} (names
 * {@code ssh_host_ed25519_key@<fqdn>}, {@code ssh_host_ed25519_key.pub@<fqdn>}, and the
 * same for {@code rsa}), and pinned in the platform's known_hosts under the
 * server's fqdn, short name and addresses, so the first connection needs no
 * trust-on-first-use. Failures are {@link IllegalStateException}s naming the
 * host and the store, never a key.
 */
public final class HostKeyPins {
    private static final List<String> TYPES = List.of("ed25519", "rsa");

    private final SecretStore secrets;
    private final KnownHostsStore knownHosts;

    public HostKeyPins(SecretStore secrets, KnownHostsStore knownHosts) {
        this.secrets = secrets;
        this.knownHosts = knownHosts;
    }

    public KnownHostsStore knownHosts() {
        return knownHosts;
    }

    static String secretName(String type, boolean pub, HostName host) {
        return "ssh_host_" + type + "_key" + (pub ? ".pub" : "") + "@" + host.fqdn();
    }

    /** The keys stored for {@code host} (all four parts), if any. */
    public Optional<SshHostKeys> stored(HostName host) {
        try {
            List<Optional<Secret>> parts = new ArrayList<>();
            for (String t : TYPES) {
                parts.add(secrets.read(secretName(t, false, host)));
                parts.add(secrets.read(secretName(t, true, host)));
            }
            if (parts.stream().anyMatch(Optional::isEmpty)) return Optional.empty();
            return Optional.of(new SshHostKeys(parts.get(0).get(), parts.get(1).get().value(),
                    parts.get(2).get(), parts.get(3).get().value()));
        } catch (SecretStoreException e) {
            throw new IllegalStateException(host.fqdn() + ": cannot read its host keys from " + secrets.describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The keys a server about to boot gets: those already stored for it (a boot that is
     * retried after an ERROR or a lost answer keeps its keys), else new ones, stored
     * before they are used. A store that cannot keep them refuses the boot.
     */
    public SshHostKeys forNewServer(HostName host) {
        if (!secrets.writable()) {
            Optional<SshHostKeys> have = stored(host);
            if (have.isPresent()) return have.get();
            throw new IllegalStateException(host.fqdn() + ": the secret store (" + secrets.describe()
                    + ") is read-only, so the new server's host keys could not be kept; boot it with a writable store");
        }
        try {
            return secrets.withLock(() -> stored(host).orElseGet(() -> {
                SshHostKeys k = SshHostKeys.generate();
                secrets.write(secretName("ed25519", false, host), k.ed25519Private());
                secrets.write(secretName("ed25519", true, host), new Secret(k.ed25519Public()));
                secrets.write(secretName("rsa", false, host), k.rsaPrivate());
                secrets.write(secretName("rsa", true, host), new Secret(k.rsaPublic()));
                return k;
            }));
        } catch (SecretStoreException e) {
            throw new IllegalStateException(host.fqdn() + ": cannot store its host keys in " + secrets.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Pins {@code keys} for the host's fqdn, short name and {@code addresses} (empty ones skipped). */
    public void pin(HostName host, SshHostKeys keys, Collection<String> addresses) {
        try {
            knownHosts.pin(names(host, addresses), keys.publicKeys());
        } catch (UncheckedIOException e) {
            throw new IllegalStateException(host.fqdn() + ": cannot pin its host keys: " + e.getMessage(), e);
        }
    }

    /** Removes the host's known_hosts entries (names and {@code addresses}) and its stored keys. */
    public void forget(HostName host, Collection<String> addresses) {
        try {
            knownHosts.forget(names(host, addresses));
            if (secrets.writable()) {
                for (String t : TYPES) {
                    secrets.delete(secretName(t, false, host));
                    secrets.delete(secretName(t, true, host));
                }
            }
        } catch (UncheckedIOException | SecretStoreException e) {
            throw new IllegalStateException(host.fqdn() + ": cannot forget its host keys: " + e.getMessage(), e);
        }
    }

    private static List<String> names(HostName host, Collection<String> addresses) {
        Set<String> names = new LinkedHashSet<>(List.of(host.fqdn(), host.shortName()));
        for (String a : addresses) if (a != null && !a.isBlank()) names.add(a);
        return List.copyOf(names);
    }
}
