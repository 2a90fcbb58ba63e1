package io.rolestack.core.remote;

import io.rolestack.core.files.AtomicFile;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.PublicKey;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Host keys pinned in an OpenSSH known_hosts file. An unknown key is refused
 * unless the caller opted into trust-on-first-use, which then pins it; a key
 * that differs from the pinned one is always refused. The reason of the last
 * refusal per host is kept so the connection error can say what happened.
 */
public final class KnownHostsStore {
    private final Path file;
    private final boolean trustOnFirstUse;
    private final Map<String, String> refusals = new ConcurrentHashMap<>();

    public KnownHostsStore(Path file, boolean trustOnFirstUse) {
        this.file = file;
        this.trustOnFirstUse = trustOnFirstUse;
    }

    public Path file() {
        return file;
    }

    public boolean trustOnFirstUse() {
        return trustOnFirstUse;
    }

    /** A fresh verifier reading the file now (so keys pinned by other connections are seen). */
    Verifier verifier() {
        try {
            if (!Files.exists(file)) {
                if (file.getParent() != null) Files.createDirectories(file.getParent());
                Files.createFile(file);
            }
            return new Verifier(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read known_hosts " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Why the host key of {@code knownHostsName} was refused, if it was; taken, not kept, so a
     * later failure of another kind (network, auth, a key pinned meanwhile) is not blamed on it.
     */
    String takeRefusal(String knownHostsName) {
        return refusals.remove(knownHostsName.toLowerCase());
    }

    /**
     * Adds one line to the file: the whole file is rewritten through {@link AtomicFile} (keeping its
     * mode), so another connection reading it never sees half a line.
     */
    private void pin(String line) throws IOException {
        boolean exists = Files.exists(file);
        String current = exists ? Files.readString(file, StandardCharsets.UTF_8) : "";
        if (!current.isEmpty() && !current.endsWith("\n")) current += "\n";
        Set<PosixFilePermission> mode = exists ? Files.getPosixFilePermissions(file) : AtomicFile.PUBLIC;
        try {
            AtomicFile.write(file, current + line + "\n", mode);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    final class Verifier extends OpenSSHKnownHosts {
        Verifier(File f) throws IOException {
            super(f);
        }

        @Override
        protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
            if (!trustOnFirstUse) {
                refusals.put(hostname, "host key of " + hostname + " is not in known_hosts " + file
                        + " (" + KeyType.fromKey(key) + " " + SecurityUtils.getFingerprint(key)
                        + "); pin it there, or opt into trust-on-first-use");
                return false;
            }
            synchronized (KnownHostsStore.class) {
                try {
                    HostEntry entry = new HostEntry(null, hostname, KeyType.fromKey(key), key);
                    pin(entry.getLine());
                    entries().add(entry);
                } catch (IOException e) {
                    refusals.put(hostname, "cannot pin host key of " + hostname + " in " + file + ": " + e.getMessage());
                    return false;
                }
            }
            return true;
        }

        @Override
        protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
            refusals.put(hostname, "HOST KEY MISMATCH for " + hostname + ": the host presented "
                    + KeyType.fromKey(key) + " " + SecurityUtils.getFingerprint(key)
                    + ", which differs from the key pinned in " + file
                    + " (a reinstalled host, or someone in the middle); refusing to connect");
            return false;
        }
    }
}
