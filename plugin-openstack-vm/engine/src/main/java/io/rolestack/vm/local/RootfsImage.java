package io.rolestack.vm.local;

import io.rolestack.core.events.Progress;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.Remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.rolestack.core.remote.Shell.quote;

/**
 * The Debian root filesystem every host's overlay sits on, built once with
 * debootstrap and cached as {@code <cacheRoot>/rootfs-<key>}; the key hashes
 * suite, mirror, package list and the machine's apt sources, so changing any
 * of them builds a new one. The build goes into a temporary directory that is
 * renamed when complete: a killed build never leaves a rootfs that looks valid.
 */
final class RootfsImage {
    /** Bump when the build steps change, so old caches are not reused. */
    private static final String FORMAT = "4";
    static final String COMPLETE_MARKER = ".rolestack-rootfs";
    /** The machine's apt archive cache shared by hosts of this rootfs format (see the apt wrapper). */
    static final String SHARED_ARCHIVES = "apt-archives-turns";
    private static final String APT_WRAPPER_COMMENT =
            "# rolestack local host: the apt archive cache is shared by all local hosts; runs take turns on it";

    private final LocalSettings settings;
    private final AptSources sources;
    private final Path aptDir;
    private final Remote machine;

    RootfsImage(LocalSettings settings, AptSources sources, Path aptDir, Remote machine) {
        this.settings = settings;
        this.sources = sources;
        this.aptDir = aptDir;
        this.machine = machine;
    }

    String mirror() {
        return sources.mirrorFor(settings.suite());
    }

    String key() {
        StringBuilder b = new StringBuilder("format=" + FORMAT + "\nsuite=" + settings.suite() + "\nmirror=" + mirror() + "\n");
        new TreeSet<>(settings.packages()).forEach(p -> b.append("package=").append(p).append('\n'));
        sources.files().forEach((f, text) -> b.append("source ").append(f).append('\n').append(text).append('\n'));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Path path() {
        return settings.cacheRoot().resolve("rootfs-" + key());
    }

    boolean cached() {
        return Files.isRegularFile(path().resolve(COMPLETE_MARKER));
    }

    /** The rootfs, built first if it is not cached. Concurrent callers (other JVMs too) wait for one build. */
    Path ensure(Progress progress) {
        Path done = path();
        if (cached()) return done;
        try (ExclusiveLock lock = ExclusiveLock.acquire(settings.cacheRoot().resolve(".rootfs.lock"))) {
            if (cached()) return done;
            removeLeftovers();
            Path tmp = settings.cacheRoot().resolve(".building-" + done.getFileName() + "-" + ProcessHandle.current().pid());
            progress.step("localhost", "building Debian " + settings.suite() + " rootfs from " + mirror() + " (debootstrap, about a minute)");
            long start = System.nanoTime();
            machine.run(new Command(buildScript(tmp, done), null, Duration.ofMinutes(30), false));
            progress.step("localhost", "rootfs " + done + " built in " + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
            return done;
        }
    }

    /**
     * Half builds of a killed process. debootstrap may have mounted proc/sys
     * (or bound /dev) inside: unmount everything below first, and never let
     * rm cross into another filesystem.
     */
    private void removeLeftovers() {
        List<Path> left = new ArrayList<>();
        try (Stream<Path> s = Files.list(settings.cacheRoot())) {
            s.filter(p -> p.getFileName().toString().startsWith(".building-")).forEach(left::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + settings.cacheRoot() + ": " + e.getMessage(), e);
        }
        for (Path p : left) {
            machine.run(unmountBelow(p) + " && rm -rf --one-file-system " + quote(p.toString()));
        }
    }

    /** Shell: unmount every mount at or below {@code dir}, deepest first. */
    static String unmountBelow(Path dir) {
        String d = quote(dir.toString());
        return "for m in $(awk -v d=" + d + " '$5 == d || index($5, d \"/\") == 1 {print $5}' /proc/self/mountinfo | sort -r); do"
                + " umount \"$m\" 2>/dev/null || umount -l \"$m\"; done";
    }

    private String buildScript(Path tmp, Path done) {
        String t = quote(tmp.toString());
        List<String> s = new ArrayList<>();
        s.add("set -e");
        s.add("mkdir -p " + t);
        s.add("debootstrap --variant=minbase --include=" + String.join(",", settings.packages()) + " "
                + settings.suite() + " " + t + " " + quote(mirror()));
        // The hosts use the machine's own apt sources and configuration (same mirror, same options).
        s.add("rm -f " + t + "/etc/apt/sources.list");
        for (Path f : sources.files().keySet()) {
            s.add("cp " + quote(f.toString()) + " " + t + "/etc/apt/" + quote(aptDir.relativize(f).toString()));
        }
        for (String keyring : keyrings()) {
            s.add("[ -e " + t + quote(keyring) + " ] || { mkdir -p \"$(dirname " + t + quote(keyring) + ")\"; cp " + quote(keyring) + " " + t + quote(keyring) + "; }");
        }
        s.add("[ ! -f /etc/apt/apt.conf ] || cp /etc/apt/apt.conf " + t + "/etc/apt/apt.conf");
        s.add("for f in /etc/apt/apt.conf.d/*; do [ ! -f \"$f\" ] || cp \"$f\" " + t + "/etc/apt/apt.conf.d/; done");
        s.add("cat /etc/resolv.conf > " + t + "/etc/resolv.conf");
        // Package lists ready in the image: hosts can install at once; `apt-get update` in a host still works.
        s.add("chroot " + t + " apt-get -q update");
        s.add("chroot " + t + " apt-get clean");
        // debootstrap's host keys would be shared by every host: each host gets its own at create time.
        s.add("rm -f " + t + "/etc/ssh/ssh_host_*");
        // Every host shares /var/cache/apt/archives (a package is downloaded once per machine), but apt
        // holds that directory's lock for a whole run and fails at once when it is taken: apt-get and apt
        // take turns on a flock there instead. `update` does not touch the archives and runs freely.
        for (String tool : List.of("apt-get", "apt")) {
            String bin = "/usr/bin/" + tool;
            s.add("chroot " + t + " dpkg-divert --quiet --local --rename --divert " + bin + ".distrib --add " + bin);
            s.add("printf '%s\\n' '#!/bin/sh' " + quote(APT_WRAPPER_COMMENT)
                    + " 'case \" $* \" in *\" update \"*) exec " + bin + ".distrib \"$@\";; esac'"
                    + " 'exec flock -w 3600 /var/cache/apt/archives/.rolestack-apt.lock " + bin + ".distrib \"$@\"' > " + t + bin);
            s.add("chmod 755 " + t + bin);
        }
        s.add("mkdir -p -m 700 " + t + "/root/.ssh");
        s.add(unmountBelow(tmp));
        s.add("touch " + t + "/" + COMPLETE_MARKER);
        s.add("mv -T " + t + " " + quote(done.toString()));
        return String.join("\n", s);
    }

    private List<String> keyrings() {
        return sources.entries().stream().map(AptSources.Entry::signedBy).flatMap(Optional::stream)
                .filter(k -> Files.isRegularFile(Path.of(k))).distinct().toList();
    }
}
