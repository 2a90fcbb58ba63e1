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
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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

    private static final Pattern PUBLIC_KEY_LINE = Pattern.compile("[a-z0-9@.-]+ [A-Za-z0-9+/]+={0,3}");

    /**
     * Pins {@code publicKeys} (OpenSSH public key lines, {@code type base64}; a comment is dropped)
     * for every one of {@code names} (known_hosts host patterns: {@code app1}, {@code 10.0.0.5},
     * {@code [10.0.0.5]:2222}), replacing whatever was pinned for those names before. For keys the
     * caller knows to be the host's own (it generated them); a key met on a connection is still only
     * ever accepted when pinned, and a changed one still refused.
     */
    public void pin(Collection<String> names, Collection<String> publicKeys) {
        if (names.isEmpty()) return;
        List<String> keys = new ArrayList<>();
        for (String k : publicKeys) {
            String[] f = k.trim().split("\\s+");
            if (f.length < 2 || !PUBLIC_KEY_LINE.matcher(f[0] + " " + f[1]).matches()) {
                throw new IllegalArgumentException("not an OpenSSH public key line (type base64): " + f[0]);
            }
            keys.add(f[0] + " " + f[1]);
        }
        for (String n : names) checkName(n);
        synchronized (KnownHostsStore.class) {
            List<String> lines = without(names);
            String hosts = String.join(",", names.stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct().toList());
            for (String k : keys) lines.add(hosts + " " + k);
            rewrite(lines);
        }
    }

    /**
     * Removes every entry for {@code names} (plain or hashed); a line naming other hosts too keeps
     * those. Returns how many names were found in the file.
     */
    public int forget(Collection<String> names) {
        for (String n : names) checkName(n);
        synchronized (KnownHostsStore.class) {
            if (!Files.exists(file)) return 0;
            List<String> before = lines();
            List<String> after = without(names);
            if (!after.equals(before)) rewrite(after);
            return (int) names.stream().filter(n -> before.stream().anyMatch(l -> names(l).stream().anyMatch(h -> matches(h, n)))).count();
        }
    }

    /** Whether {@code key} is pinned for {@code knownHostsName} (read-only: never pins, never records a refusal). */
    public boolean isPinned(String knownHostsName, PublicKey key) {
        if (!Files.exists(file)) return false;
        try {
            for (OpenSSHKnownHosts.KnownHostEntry e : new OpenSSHKnownHosts(file.toFile()).entries()) {
                if (e.appliesTo(knownHostsName) && e.verify(key)) return true;
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read known_hosts " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkName(String n) {
        if (n == null || n.isBlank() || !n.matches("[A-Za-z0-9._:\\[\\]-]+")) {
            throw new IllegalArgumentException("bad known_hosts host name '" + n + "'");
        }
    }

    private List<String> lines() {
        try {
            return Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8)) : new ArrayList<>();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read known_hosts " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file's lines with {@code names} taken out (lines left without a host dropped); markers are kept. */
    private List<String> without(Collection<String> names) {
        List<String> out = new ArrayList<>();
        for (String line : lines()) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("@")) {
                out.add(line);
                continue;
            }
            String[] f = t.split("\\s+", 2);
            List<String> hosts = names(t);
            List<String> kept = hosts.stream().filter(h -> names.stream().noneMatch(n -> matches(h, n))).toList();
            if (kept.size() == hosts.size()) out.add(line);
            else if (!kept.isEmpty() && f.length == 2) out.add(String.join(",", kept) + " " + f[1]);
        }
        return out;
    }

    private static List<String> names(String line) {
        String t = line.trim();
        if (t.isEmpty() || t.startsWith("#") || t.startsWith("@")) return List.of();
        return List.of(t.split("\\s+", 2)[0].split(","));
    }

    /** Whether one host field of known_hosts (plain, or {@code |1|salt|hash}) names {@code name}. */
    private static boolean matches(String hostField, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (!hostField.startsWith("|1|")) return hostField.toLowerCase(Locale.ROOT).equals(n);
        String[] p = hostField.split("\\|");
        if (p.length != 4) return false;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(p[2]), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(n.getBytes(StandardCharsets.UTF_8))).equals(p[3]);
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private void rewrite(List<String> lines) {
        try {
            boolean exists = Files.exists(file);
            if (!exists && file.getParent() != null) Files.createDirectories(file.getParent());
            Set<PosixFilePermission> mode = exists ? Files.getPosixFilePermissions(file) : AtomicFile.PUBLIC;
            AtomicFile.write(file, lines.isEmpty() ? "" : String.join("\n", lines) + "\n", mode);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write known_hosts " + file + ": " + e.getMessage(), e);
        }
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
