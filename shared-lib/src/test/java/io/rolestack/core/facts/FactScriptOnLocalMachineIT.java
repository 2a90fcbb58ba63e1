package io.rolestack.core.facts;

import io.rolestack.core.remote.LocalRemote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fact script run for real by /bin/sh on this (Debian) machine, on files in
 * a temporary directory: only reads, one round trip.
 */
class FactScriptOnLocalMachineIT {
    @TempDir
    Path dir;

    @Test
    void readsFilesPackagesUsersSysctlAndGuards() throws IOException, NoSuchAlgorithmException {
        Path file = dir.resolve("a b.conf");
        Files.writeString(file, "hello\nkey=1\n");
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, file);
        Path sub = Files.createDirectory(dir.resolve("sub"));
        String missing = dir.resolve("missing").toString();

        FactQuery q = new FactQuery()
                .packages(List.of("dpkg", "rolestack-no-such-package"))
                .path(file.toString()).path(link.toString()).path(sub.toString()).path(missing)
                .sysctl("kernel.ostype").sysctl("no.such.key")
                .service("rolestack-no-such-service")
                .user("root").user("rolestack-nobody").group("root")
                .line(file.toString(), "key=1").line(file.toString(), "key=2")
                .unless("true").unless("test -e " + missing);
        HostFacts f = FactScript.gather(new LocalRemote("this-machine"), q);

        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        assertThat(f.installed("dpkg")).isTrue();
        assertThat(f.installed("rolestack-no-such-package")).isFalse();
        assertThat(f.path(file.toString()).kind()).isEqualTo(PathFact.Kind.FILE);
        assertThat(f.path(file.toString()).sha256()).contains(sha);
        assertThat(f.path(link.toString()).linkTarget()).contains(file.toString());
        assertThat(f.path(sub.toString()).kind()).isEqualTo(PathFact.Kind.DIRECTORY);
        assertThat(f.path(missing).exists()).isFalse();
        assertThat(f.sysctl("kernel.ostype")).contains("Linux");
        assertThat(f.sysctl("no.such.key")).isEmpty();
        assertThat(f.service("rolestack-no-such-service").installed()).isFalse();
        assertThat(f.users()).containsKey("root").doesNotContainKey("rolestack-nobody");
        assertThat(f.groups()).contains("root");
        assertThat(f.hasLine(file.toString(), "key=1")).isTrue();
        assertThat(f.hasLine(file.toString(), "key=2")).isFalse();
        assertThat(f.unlessExit("true")).contains(0);
        assertThat(f.unlessExit("test -e " + missing)).contains(1);
        assertThat(f.bootId()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim());

        assertThat(FactScript.contents(new LocalRemote("this-machine"), List.of(file.toString(), missing), 1024))
                .containsEntry(file.toString(), Optional.of("hello\nkey=1\n"))
                .containsEntry(missing, Optional.empty());
        assertThat(FactScript.contents(new LocalRemote("this-machine"), List.of(file.toString()), 4))
                .as("too big for a diff").containsEntry(file.toString(), Optional.empty());
    }
}
