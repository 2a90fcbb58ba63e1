package io.rolestack.vm.local;

import io.rolestack.core.files.AtomicFile;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.Remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.rolestack.core.remote.Shell.quote;

/**
 * The files that make an environment's hosts reachable and known: each host's own files inside its root, the
 * deploy key, and the environment's known_hosts and OpenSSH client config in its state directory.
 */
final class EnvironmentFiles {
    private final Remote machine;

    EnvironmentFiles(Remote machine) {
        this.machine = machine;
    }

    /** A host's own files: host key (made once), hostname, hosts, resolv.conf, root's authorized_keys, sshd's config. */
    List<String> writeHostFiles(PlatformState state, String s, String fqdn, Path m, Path hostDir, Path envDir) {
        List<String> written = new ArrayList<>();
        GuestRoot guest = new GuestRoot(m, fqdn);
        String key = "etc/ssh/ssh_host_ed25519_key";
        if (!guest.isFile(key)) {
            // made in our own directory, then copied in: ssh-keygen would follow links inside the host
            Path made = hostDir.resolve("hostkey.new");
            machine.run("rm -rf " + quote(made.toString()) + " && mkdir -m 700 " + quote(made.toString())
                    + " && ssh-keygen -q -t ed25519 -N '' -C " + quote("root@" + fqdn) + " -f " + quote(made.resolve("key").toString()));
            try {
                guest.writeIfDifferent(key + ".pub", Files.readAllBytes(made.resolve("key.pub")), AtomicFile.PUBLIC);
                guest.writeIfDifferent(key, Files.readAllBytes(made.resolve("key")), AtomicFile.PRIVATE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the new host key in " + made + ": " + e.getMessage(), e);
            } finally {
                machine.run("rm -rf " + quote(made.toString()));
            }
            written.add("host key /etc/ssh/ssh_host_ed25519_key");
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put("etc/hostname", s + "\n");
        files.put("etc/hosts", etcHosts(state));
        files.put("etc/resolv.conf", read(Path.of("/etc/resolv.conf")));
        files.put("root/.ssh/authorized_keys", read(envDir.resolve("id_ed25519.pub")));
        files.put("etc/ssh/sshd_config.d/rolestack.conf", String.join("\n",
                "# written by rolestack local hosts: one host key, made for this host; keys only",
                "HostKey /etc/ssh/ssh_host_ed25519_key",
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UseDNS no",
                ""));
        files.forEach((path, content) -> {
            if (guest.writeIfDifferent(path, content, path.startsWith("root/") ? AtomicFile.PRIVATE : AtomicFile.PUBLIC)) written.add("file /" + path);
        });
        return written;
    }

    private static String etcHosts(PlatformState state) {
        StringBuilder b = new StringBuilder("127.0.0.1\tlocalhost\n");
        state.hosts().forEach((s, h) -> b.append(h.address()).append('\t').append(h.fqdn()).append('\t').append(s).append('\n'));
        return b.toString();
    }

    /** The deploy user's key pair, one per environment. */
    void deployKey(Path dir) {
        Path key = dir.resolve("id_ed25519");
        if (Files.exists(key) && Files.exists(dir.resolve("id_ed25519.pub"))) return;
        machine.run("rm -f " + quote(key.toString()) + " " + quote(key + ".pub")
                + " && ssh-keygen -q -t ed25519 -N '' -C " + quote("rolestack-" + dir.getFileName()) + " -f " + quote(key.toString()));
    }

    /**
     * known_hosts (each host's key under its names and addresses: the jump
     * host's outside address, the others' internal ones, as a client through
     * the jump host names them) and an OpenSSH client config; /etc/hosts of
     * every running host follows the platform. A host whose root refuses a
     * read or write (a link where a file or directory should be) keeps its
     * files as they are and is named in the result: short name → why.
     */
    Map<String, String> writePlatformFiles(PlatformState state, Path dir) {
        Map<String, String> refused = new LinkedHashMap<>();
        StringBuilder known = new StringBuilder();
        StringBuilder config = new StringBuilder("# rolestack local environment " + state.environment() + ": ssh -F " + dir.resolve("ssh_config") + " HOST\n");
        String jump = state.jump().orElseThrow();
        for (Map.Entry<String, PlatformState.HostEntry> e : state.hosts().entrySet()) {
            String s = e.getKey();
            PlatformState.HostEntry h = e.getValue();
            boolean isJump = s.equals(jump);
            String address = isJump ? state.jumpLinkAddress() : h.address();
            Optional<String> pub;
            try {
                // the upper directory holds what the host changed: the key as the host has it now, links included
                pub = new GuestRoot(dir.resolve("hosts").resolve(s).resolve("upper"), h.fqdn()).readString("etc/ssh/ssh_host_ed25519_key.pub");
            } catch (LocalHostsException refusal) {
                refused.put(s, refusal.getMessage());
                pub = Optional.empty();
            }
            if (pub.isPresent() && pub.get().strip().split("\\s+").length >= 2) {
                String[] k = pub.get().strip().split("\\s+");
                String names = isJump ? String.join(",", s, h.fqdn(), address, h.address()) : String.join(",", s, h.fqdn(), address);
                known.append(names).append(' ').append(k[0]).append(' ').append(k[1]).append('\n');
            }
            config.append("\nHost ").append(s).append(' ').append(h.fqdn()).append(' ').append(address).append('\n')
                    .append("  HostName ").append(address).append('\n');
            if (!isJump) config.append("  ProxyJump ").append(jump).append('\n');
            Path merged = dir.resolve("hosts").resolve(s).resolve("merged");
            if (!refused.containsKey(s) && machine.exec(Command.of("mountpoint -q " + quote(merged.toString()))).ok()) {
                try {
                    new GuestRoot(merged, h.fqdn()).writeIfDifferent("etc/hosts", etcHosts(state), AtomicFile.PUBLIC);
                } catch (LocalHostsException refusal) {
                    refused.put(s, refusal.getMessage());
                }
            }
        }
        config.append("\nHost *\n")
                .append("  User root\n")
                .append("  Port 22\n")
                .append("  IdentityFile ").append(dir.resolve("id_ed25519")).append('\n')
                .append("  IdentitiesOnly yes\n")
                .append("  UserKnownHostsFile ").append(dir.resolve("known_hosts")).append('\n')
                .append("  GlobalKnownHostsFile /dev/null\n")
                .append("  StrictHostKeyChecking yes\n")
                .append("  HostKeyAlgorithms ssh-ed25519\n")
                .append("  BatchMode yes\n")
                .append("  ConnectTimeout 10\n");
        AtomicFile.writeIfDifferent(dir.resolve("known_hosts"), known.toString(), AtomicFile.PUBLIC);
        AtomicFile.writeIfDifferent(dir.resolve("ssh_config"), config.toString(), AtomicFile.PUBLIC);
        return refused;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
