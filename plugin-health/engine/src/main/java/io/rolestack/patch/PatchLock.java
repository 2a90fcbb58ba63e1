package io.rolestack.patch;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.RemoteException;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import static io.rolestack.core.remote.Shell.quote;

/**
 * One patch run per environment at a time, kept on the jump host where every
 * runner (a laptop, Jenkins) sees it: {@code DIR/ENV.lock}, a small
 * {@code key=value} file (owner, pid, token, start and expiry in the jump
 * host's clock), read and replaced only inside a {@code flock} on
 * {@code DIR/ENV.flock}, and written to a temporary file renamed over it.
 * A lock whose expiry has passed is broken by the next run, which says whose
 * it was; a lock still valid refuses the run, naming its holder. A holder
 * releases only its own lock (same token).
 */
public final class PatchLock {
    public static final String DEFAULT_DIR = "/var/lib/rolestack/patch-lock";

    private final Remote jump;
    private final String dir;
    private final String environment;

    public PatchLock(Remote jump, String dir, String environment) {
        this.jump = Objects.requireNonNull(jump, "jump");
        this.dir = Objects.requireNonNull(dir, "dir");
        if (!environment.matches("[a-z0-9][a-z0-9-]*")) throw new IllegalArgumentException("bad environment name: " + environment);
        this.environment = environment;
    }

    /** Who holds a lock, since when, until when. */
    public record Holder(String owner, long pid, String token, Instant started, Instant expires) {
        @Override
        public String toString() {
            return owner + " (pid " + pid + ") since " + started + ", expires " + expires;
        }
    }

    /** A lock this run holds, and the expired one it broke to get it, if any. */
    public record Taken(Holder holder, Optional<Holder> broken) {
    }

    /** Raised when another, unexpired run holds the lock. */
    public static final class HeldException extends RuntimeException {
        private final transient Holder holder;

        public HeldException(String environment, Holder holder) {
            super("patch lock of " + environment + " is held by " + holder + ": another patch run is under way"
                    + " (or wait for its expiry)");
            this.holder = holder;
        }

        public Holder holder() {
            return holder;
        }
    }

    /** Takes the lock for {@code ttl}, or throws {@link HeldException} naming the holder. */
    public Taken acquire(String owner, long pid, Duration ttl) {
        if (owner.contains("\n") || owner.contains("=")) throw new IllegalArgumentException("bad owner: " + owner);
        if (ttl.toSeconds() < 1) throw new IllegalArgumentException("lock TTL must be at least 1 s, was " + ttl);
        String token = UUID.randomUUID().toString();
        String lock = quote(lockFile());
        String script = critical(
                "now=$(date +%s)",
                "if [ -f " + lock + " ]; then",
                "  exp=$(sed -n 's/^expires=//p' " + lock + ")",
                "  if [ -n \"$exp\" ] && [ \"$now\" -lt \"$exp\" ]; then echo HELD; cat " + lock + "; exit 0; fi",
                "  echo EXPIRED; cat " + lock + "; echo END",
                "fi",
                "tmp=" + lock + ".$$",
                "{ echo owner=" + quote(owner) + "; echo pid=" + pid + "; echo token=" + token
                        + "; echo started=$now; echo expires=$((now + " + ttl.toSeconds() + ")); } > \"$tmp\"",
                "sync \"$tmp\" 2>/dev/null || true",
                "mv -f \"$tmp\" " + lock,
                "echo TAKEN; cat " + lock);
        String out = run(script, "take the patch lock");
        if (out.startsWith("HELD")) throw new HeldException(environment, parse(out.substring(4)));
        Optional<Holder> broken = Optional.empty();
        if (out.startsWith("EXPIRED")) {
            int end = out.indexOf("\nEND\n");
            broken = Optional.of(parse(out.substring("EXPIRED".length(), end)));
            out = out.substring(end + "\nEND\n".length());
        }
        if (!out.startsWith("TAKEN")) throw new RemoteException(jump.host(), "patch lock: unexpected answer: " + out);
        return new Taken(parse(out.substring("TAKEN".length())), broken);
    }

    /** The current holder, expired or not; empty when free. */
    public Optional<Holder> holder() {
        String out = run(critical("if [ -f " + quote(lockFile()) + " ]; then cat " + quote(lockFile()) + "; fi"), "read the patch lock");
        return out.isBlank() ? Optional.empty() : Optional.of(parse(out));
    }

    /** Removes the lock if it is still this holder's (same token); true when it did. */
    public boolean release(Holder mine) {
        String lock = quote(lockFile());
        String out = run(critical(
                "if [ -f " + lock + " ] && grep -qx " + quote("token=" + mine.token()) + " " + lock + "; then rm -f " + lock
                        + "; echo RELEASED; else echo NOT-MINE; fi"), "release the patch lock");
        return out.strip().equals("RELEASED");
    }

    public String lockFile() {
        return dir + "/" + environment + ".lock";
    }

    /** The lines run inside the flock: readers and writers of the lock never interleave. */
    private String critical(String... lines) {
        return "set -e; umask 022; mkdir -p " + quote(dir) + "; exec 9>" + quote(dir + "/" + environment + ".flock")
                + "; flock -w 30 9 || { echo 'flock busy for 30 s' >&2; exit 3; }\n" + String.join("\n", lines);
    }

    private String run(String script, String what) {
        ExecResult r = jump.exec(Command.sudo(script).withTimeout(Duration.ofSeconds(60)));
        if (!r.ok()) throw new RemoteException(jump.host(), "cannot " + what + " " + lockFile() + " (exit " + r.exitCode() + "): " + r.stderr().strip());
        return r.stdout().replaceFirst("^\\s+", "");
    }

    static Holder parse(String text) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) kv.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        try {
            return new Holder(kv.getOrDefault("owner", "?"), Long.parseLong(kv.getOrDefault("pid", "0")), kv.getOrDefault("token", ""),
                    Instant.ofEpochSecond(Long.parseLong(kv.getOrDefault("started", "0"))),
                    Instant.ofEpochSecond(Long.parseLong(kv.getOrDefault("expires", "0"))));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("unreadable patch lock: " + text.strip(), e);
        }
    }
}
