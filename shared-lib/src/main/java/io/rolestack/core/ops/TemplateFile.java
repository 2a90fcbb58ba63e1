package io.rolestack.core.ops;

import io.rolestack.core.facts.FactQuery;
import io.rolestack.core.facts.PathFact;
import io.rolestack.core.remote.FileMode;
import io.rolestack.core.result.Result;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import static io.rolestack.core.remote.Shell.quote;

/**
 * A file with exactly this content, owner and mode (rendered from a role
 * template, or generated like the sysctl drop-in). Compared by sha256 with the
 * host's file; written atomically ({@code Remote.upload}: temp file + rename)
 * only when the content differs; owner/mode fixed in place when only they
 * differ. A change notifies the services that watch the file.
 *
 * <pre>files: [{template: upstream.conf.peb, dest: /etc/nginx/conf.d/upstream.conf, notify: [nginx]}]</pre>
 */
public record TemplateFile(String role, String path, String content, FileMode mode, List<String> notifies,
                           boolean secret) implements Operation {

    public TemplateFile {
        notifies = List.copyOf(notifies);
    }

    @Override
    public String name() {
        return "file " + path;
    }

    /** Never the content: it may be secret. */
    @Override
    public String toString() {
        return "TemplateFile[" + path + ", role " + role + ", " + mode.owner() + ":" + mode.group() + " " + mode.octal() + "]";
    }

    @Override
    public void ask(FactQuery q) {
        q.path(path);
    }

    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] bytes() {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    /** True when the host's file has other content worth fetching for a diff (never for a secret file). */
    public boolean contentDiffers(PathFact fact) {
        return !secret && fact.kind() == PathFact.Kind.FILE && !fact.sha256().orElse("").equals(sha256());
    }

    @Override
    public List<Result> apply(HostContext ctx) {
        PathFact f = ctx.facts().path(path);
        if (f.kind() != PathFact.Kind.FILE && f.kind() != PathFact.Kind.ABSENT) {
            return List.of(ctx.failed(name(), path + " is a " + f.kind().name().toLowerCase() + ", not a file; not replacing it"));
        }
        boolean absent = f.kind() == PathFact.Kind.ABSENT;
        boolean contentDiffers = absent || !f.sha256().orElse("").equals(sha256());
        boolean attrsDiffer = !absent && (!f.owner().equals(mode.owner()) || !f.group().equals(mode.group())
                || f.mode() != mode.permissions());
        if (!contentDiffers && !attrsDiffer) return List.of(ctx.ok(name(), "up to date"));
        if (contentDiffers) {
            String before = absent ? "" : ctx.currentContent(path).orElse("");
            String diff = secret ? "(secret: content not shown)\n" : Diffs.unified(path, before, content);
            String message = absent ? "created" : "content changed";
            return List.of(ctx.change(name(), message, diff, notifies, path + " changed", c -> {
                if (absent) c.run("mkdir -p " + quote(parent()));
                c.upload(bytes(), path, mode);
            }));
        }
        String message = "owner/mode " + f.owner() + ":" + f.group() + " " + String.format("%04o", f.mode())
                + " -> " + mode.owner() + ":" + mode.group() + " " + mode.octal();
        return List.of(ctx.change(name(), message, "", c -> c.run("chown " + quote(mode.owner() + ":" + mode.group())
                + " " + quote(path) + " && chmod " + mode.octal() + " " + quote(path))));
    }

    private String parent() {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }
}
