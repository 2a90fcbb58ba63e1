package io.rolestack.mariadb.config;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.FileMode;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.Shell;
import io.rolestack.core.result.Result;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file the engine owns on a host: read its facts (owner, mode, digest),
 * write it (atomically, through {@link Remote#upload}) only when they differ.
 */
public final class ManagedFile {
    private ManagedFile() {
    }

    /** A file whose content may be shown: a change reports a line diff. */
    public static Result text(Remote remote, String path, String content, FileMode mode) {
        return ensure(remote, path, content.getBytes(StandardCharsets.UTF_8), mode, true);
    }

    /** A file holding a secret (a private key): compared by digest, never read back or shown. */
    public static Result secret(Remote remote, String path, byte[] content, FileMode mode) {
        return ensure(remote, path, content, mode, false);
    }

    public static Result directory(Remote remote, String path, FileMode mode) {
        String op = "directory " + path;
        String facts = remote.run(Command.sudo("if [ -d " + Shell.quote(path) + " ]; then stat -c '%U %G %a' "
                + Shell.quote(path) + "; else echo absent; fi")).stdout().strip();
        String want = mode.owner() + " " + mode.group() + " " + Integer.toOctalString(mode.permissions());
        if (facts.equals(want)) return Result.ok(remote.host(), op, "");
        remote.run(Command.sudo("mkdir -p " + Shell.quote(path) + " && chown " + Shell.quote(mode.owner() + ":" + mode.group())
                + " " + Shell.quote(path) + " && chmod " + mode.octal() + " " + Shell.quote(path)));
        return Result.changed(remote.host(), op, facts.equals("absent") ? "created" : "was " + facts, "-" + facts + "\n+" + want + "\n");
    }

    private static Result ensure(Remote remote, String path, byte[] content, FileMode mode, boolean showDiff) {
        String op = "file " + path;
        String q = Shell.quote(path);
        ExecResult facts = remote.run(Command.sudo("if [ -f " + q + " ]; then stat -c '%U %G %a' " + q
                + " && sha256sum " + q + " | cut -c1-64; else echo absent; fi"));
        String[] lines = facts.stdout().strip().split("\n");
        String want = mode.owner() + " " + mode.group() + " " + Integer.toOctalString(mode.permissions());
        boolean absent = lines[0].equals("absent");
        boolean sameContent = !absent && lines.length > 1 && lines[1].equals(sha256(content));
        boolean sameMode = !absent && lines[0].equals(want);
        if (sameContent && sameMode) return Result.ok(remote.host(), op, "");

        String before = "";
        if (showDiff && !absent && !sameContent) before = remote.run(Command.sudo("cat " + q)).stdout();
        remote.upload(content, path, mode);
        String diff;
        if (!sameContent && showDiff) {
            diff = LineDiff.of(path, before, new String(content, StandardCharsets.UTF_8));
        } else if (!sameContent) {
            diff = "content of " + path + " changed (secret, not shown)\n";
        } else {
            diff = "";
        }
        if (!sameMode && !absent) diff += "mode: -" + lines[0] + " +" + want + "\n";
        return Result.changed(remote.host(), op, absent ? "created" : !sameContent ? "content changed" : "owner/mode changed", diff);
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
