package io.rolestack.app.deploy;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.RemoteException;
import io.rolestack.core.remote.Shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An app's releases on one host, under {@code base}:
 * <pre>
 * releases/ID/          one release (releases/ID.tmp while it is unpacked)
 * shared/PATH           directories kept across releases, linked from each release (owned by www-data)
 * current -> releases/ID
 * meta/ID.activated     when it was last made current (ns since the epoch)
 * meta/ID.bad           why it is BAD (its health check failed, or it was rolled back)
 * meta/history          one line per switch
 * </pre>
 * Every step is one command; the switch is a rename of a symlink ({@code mv -T}), so a request sees the old
 * release or the new one, never a mix or none.
 */
public final class HostReleases {
    private static final Duration UNPACK_TIMEOUT = Duration.ofMinutes(15);
    private final Remote remote;
    private final String base;

    public HostReleases(Remote remote, String base) {
        this.remote = remote;
        this.base = base;
    }

    public String host() {
        return remote.host();
    }

    public ReleaseState read() {
        String script = "b=" + Shell.quote(base) + "\n"
                + "c=$(readlink \"$b/current\" 2>/dev/null || true); printf 'current\\t%s\\n' \"${c#releases/}\"\n"
                + "for d in \"$b\"/releases/*; do [ -d \"$d\" ] || continue; id=${d##*/}\n"
                + "  case $id in *.tmp) continue;; esac\n"
                + "  a=$(cat \"$b/meta/$id.activated\" 2>/dev/null || echo 0)\n"
                + "  bad=$(if [ -e \"$b/meta/$id.bad\" ]; then head -c 500 \"$b/meta/$id.bad\" | tr '\\t\\n' '  '; echo; fi)\n"
                + "  printf 'release\\t%s\\t%s\\t%s\\n' \"$id\" \"${a:-0}\" \"$bad\"\n"
                + "done\n";
        String out = remote.run(Command.sudo(script)).stdout();
        Optional<String> current = Optional.empty();
        List<ReleaseState.Release> releases = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f[0].equals("current") && f.length > 1 && !f[1].isBlank()) current = Optional.of(f[1].strip());
            if (f[0].equals("release") && f.length > 3) {
                long at;
                try {
                    at = Long.parseLong(f[2].strip());
                } catch (NumberFormatException e) {
                    at = 0;
                }
                // A marker file that exists but is empty still means BAD.
                Optional<String> bad = line.endsWith("\t") ? Optional.empty() : Optional.of(f[3].strip().isEmpty() ? "BAD" : f[3].strip());
                releases.add(new ReleaseState.Release(f[1], at, bad));
            }
        }
        return new ReleaseState(remote.host(), current, releases);
    }

    /**
     * Streams {@code archive} into {@code releases/ID.tmp}, links the shared paths, makes the configs readable by
     * www-data only (or removes them: {@code withConfigs} false, the frontends), then renames it to
     * {@code releases/ID}. A release already there is left as it is.
     */
    public void unpack(String id, Path archive, List<String> shared, List<String> configs, boolean withConfigs) {
        StringBuilder s = new StringBuilder("set -eu\nb=" + Shell.quote(base) + "; id=" + Shell.quote(id) + "\n"
                + "mkdir -p \"$b/releases\" \"$b/shared\" \"$b/meta\"\n"
                + "t=\"$b/releases/$id.tmp\"; rm -rf \"$t\"; mkdir \"$t\"\n"
                + "tar -xzf - -C \"$t\" --no-same-owner\n");
        for (String p : shared) {
            String q = Shell.quote(p);
            // A new shared directory starts with what the release has there (a fresh uploads/ with its .htaccess).
            s.append("if [ ! -d \"$b/shared/\"").append(q).append(" ]; then mkdir -p \"$b/shared/\"").append(q)
                    .append("; if [ -d \"$t/\"").append(q).append(" ]; then cp -a \"$t/\"").append(q).append("/. \"$b/shared/\"")
                    .append(q).append("/; fi; chown -R www-data:www-data \"$b/shared/\"").append(q).append("; fi\n")
                    .append("rm -rf \"$t/\"").append(q).append("; mkdir -p \"$(dirname \"$t/\"").append(q).append(")\"; ln -s \"$b/shared/\"")
                    .append(q).append(" \"$t/\"").append(q).append("\n");
        }
        for (String c : configs) {
            String q = Shell.quote(c);
            s.append(withConfigs ? "chgrp www-data \"$t/\"" + q + "; chmod 0640 \"$t/\"" + q + "\n" : "rm -f \"$t/\"" + q + "\n");
        }
        s.append("mv -T \"$t\" \"$b/releases/$id\"\n");
        ExecResult r;
        try (InputStream in = Files.newInputStream(archive)) {
            r = remote.stream(Command.sudo(s.toString()).withTimeout(UNPACK_TIMEOUT), in, OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new RemoteException(remote.host(), "cannot read " + archive + ": " + e.getMessage(), e);
        }
        if (!r.ok()) throw new RemoteException(remote.host(), "unpacking release " + id + " failed: " + r.stderr().strip());
    }

    /** Points {@code current} at release {@code id} (a new symlink renamed over the old one) and clears its BAD mark. */
    public void activate(String id) {
        remote.run(Command.sudo("set -eu\ncd " + Shell.quote(base) + "\nid=" + Shell.quote(id) + "\n"
                + "test -d \"releases/$id\"\n"
                + "ln -sfn \"releases/$id\" .current.tmp && mv -T .current.tmp current\n"
                + "date +%s%N > \"meta/$id.activated\"; rm -f \"meta/$id.bad\"\n"
                + "echo \"$(date -u +%FT%TZ) current $id\" >> meta/history\n"));
    }

    /** Removes {@code current}: a first release that failed has nothing to go back to. */
    public void deactivate() {
        remote.run(Command.sudo("set -eu\ncd " + Shell.quote(base) + "\nrm -f current\n"
                + "echo \"$(date -u +%FT%TZ) current none\" >> meta/history\n"));
    }

    public void markBad(String id, String why) {
        remote.run(Command.sudo("set -eu\ncd " + Shell.quote(base) + "\nmkdir -p meta\ncat > " + Shell.quote("meta/" + id + ".bad") + "\n"
                + "echo \"$(date -u +%FT%TZ) bad " + id.replaceAll("[^0-9a-f]", "") + "\" >> meta/history\n")
                .withStdin(why.replace('\n', ' ') + "\n"));
    }

    /** Removes the given releases (never the current one: checked again on the host) and their meta files. */
    public void remove(List<String> ids) {
        if (ids.isEmpty()) return;
        StringBuilder s = new StringBuilder("set -eu\ncd " + Shell.quote(base) + "\nc=$(readlink current 2>/dev/null || true)\n");
        for (String id : ids) {
            String q = Shell.quote(id);
            s.append("if [ \"$c\" != releases/").append(q).append(" ]; then rm -rf releases/").append(q)
                    .append(" meta/").append(q).append(".activated meta/").append(q).append(".bad; fi\n");
        }
        remote.run(Command.sudo(s.toString()));
    }
}
