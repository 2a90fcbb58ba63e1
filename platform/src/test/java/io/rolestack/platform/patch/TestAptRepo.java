package io.rolestack.platform.patch;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.FileMode;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.remote.Remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import static io.rolestack.core.remote.Shell.quote;

/**
 * A local apt repository of our own, for patch tests: the package
 * {@value #PACKAGE} in versions {@value #OLD} and {@value #NEW}, built with
 * {@code dpkg-deb} on this machine, indexed with {@code dpkg-scanpackages}
 * (Packages) and a Release file carrying its SHA256. {@value #NEW}'s postinst
 * touches {@code /var/run/reboot-required}, as a kernel or libc upgrade does.
 *
 * <p>Served as a flat {@code file:} repository copied into each host under
 * {@value #HOST_DIR}: local hosts reach only ports 80/443/53 outside, so a
 * repository on the machine would need a web server; a copy needs nothing.
 * Trusted explicitly, not signed: {@code deb [trusted=yes] file:/srv/... ./} in
 * {@value #SOURCES}, a file only this fixture writes (and {@link #removeFrom} removes).
 */
public final class TestAptRepo {
    public static final String PACKAGE = "rolestack-testpkg";
    public static final String OLD = "1.0";
    public static final String NEW = "1.1";
    public static final String HOST_DIR = "/srv/rolestack-testrepo";
    public static final String SOURCES = "/etc/apt/sources.list.d/rolestack-testrepo.list";
    /** The file each version installs, holding its version. */
    public static final String MARKER = "/usr/share/rolestack-testpkg/VERSION";

    private final Path dir;

    private TestAptRepo(Path dir) {
        this.dir = dir;
    }

    /** Builds both versions and the index into {@code dir} (created). */
    public static TestAptRepo build(Path dir) {
        try {
            Files.createDirectories(dir);
            Path work = Files.createDirectories(dir.resolve("build"));
            Path repo = Files.createDirectories(dir.resolve("repo"));
            LocalRemote machine = new LocalRemote("machine");
            for (String version : List.of(OLD, NEW)) {
                Path root = work.resolve(PACKAGE + "_" + version);
                Files.createDirectories(root.resolve("DEBIAN"));
                Files.createDirectories(root.resolve(MARKER.substring(1)).getParent());
                Files.writeString(root.resolve(MARKER.substring(1)), version + "\n");
                Files.writeString(root.resolve("DEBIAN/control"), """
                        Package: %s
                        Version: %s
                        Architecture: all
                        Maintainer: Rolestack tests <tests@rolestack.invalid>
                        Priority: optional
                        Section: misc
                        Description: Rolestack patch test package
                         Installs %s with its version; 1.1 asks for a reboot.
                        """.formatted(PACKAGE, version, MARKER));
                if (version.equals(NEW)) {
                    Path postinst = root.resolve("DEBIAN/postinst");
                    Files.writeString(postinst, "#!/bin/sh\nset -e\ntouch /var/run/reboot-required\n"
                            + "echo " + PACKAGE + " >> /var/run/reboot-required.pkgs\n");
                    Files.setPosixFilePermissions(postinst, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
                machine.run(Command.of("dpkg-deb --root-owner-group -Zgzip --build " + quote(root.toString()) + " "
                        + quote(repo.resolve(debName(version)).toString()) + " >/dev/null"));
            }
            machine.run(Command.of("cd " + quote(repo.toString()) + " && dpkg-scanpackages --multiversion . /dev/null > Packages 2>/dev/null"));
            byte[] packages = Files.readAllBytes(repo.resolve("Packages"));
            Files.writeString(repo.resolve("Release"), String.join("\n",
                    "Origin: rolestack-test",
                    "Label: rolestack-test",
                    "Suite: rolestack-test",
                    "Codename: rolestack-test",
                    "Date: " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.ROOT)),
                    "Architectures: all amd64 arm64",
                    "SHA256:",
                    " " + sha256(packages) + " " + packages.length + " Packages",
                    ""));
            return new TestAptRepo(repo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String debName(String version) {
        return PACKAGE + "_" + version + "_all.deb";
    }

    public Path dir() {
        return dir;
    }

    /** The repository's files, as copied to a host. */
    public List<String> files() {
        return List.of(debName(OLD), debName(NEW), "Packages", "Release");
    }

    /** Copies the repository into the host, trusts it in {@value #SOURCES}, refreshes apt and installs {@value #OLD}. */
    public void installOn(Remote host) {
        try {
            host.run(Command.sudo("mkdir -p " + HOST_DIR + " && chmod 755 " + HOST_DIR));
            for (String f : files()) host.upload(Files.readAllBytes(dir.resolve(f)), HOST_DIR + "/" + f, FileMode.ROOT_644);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        host.upload(("deb [trusted=yes] file:" + HOST_DIR + " ./\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), SOURCES, FileMode.ROOT_644);
        host.run(Command.sudo("export DEBIAN_FRONTEND=noninteractive; apt-get -q update >/dev/null"
                + " && apt-get -q -y --allow-downgrades install " + PACKAGE + "=" + OLD + " >/dev/null").withTimeout(java.time.Duration.ofMinutes(10)));
    }

    /** The installed version on a host ("" when not installed). */
    public static String installed(Remote host) {
        return host.exec(Command.of("dpkg-query -W -f '${Version}' " + PACKAGE + " 2>/dev/null || true")).stdout().strip();
    }

    public static void removeFrom(Remote host) {
        host.run(Command.sudo("rm -f " + SOURCES + " && rm -rf " + HOST_DIR));
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
