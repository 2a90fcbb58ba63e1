package io.rolestack.vm.local;

import io.rolestack.core.files.AtomicFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuestRootTest {
    @TempDir
    Path tmp;
    Path root;
    Path outside;
    GuestRoot guest;

    @BeforeEach
    void layout() throws IOException {
        root = Files.createDirectories(tmp.resolve("merged"));
        outside = Files.createDirectories(tmp.resolve("machine/etc"));
        Files.writeString(outside.resolve("hostname"), "the-machine\n");
        Files.setLastModifiedTime(outside.resolve("hostname"), FileTime.fromMillis(1_000_000_000L));
        guest = new GuestRoot(root, "app1");
    }

    @Test
    void writesBeneathTheRootMakingDirectoriesWithExactMode() throws IOException {
        assertThat(guest.writeIfDifferent("root/.ssh/authorized_keys", "key\n", AtomicFile.PRIVATE)).isTrue();
        Path f = root.resolve("root/.ssh/authorized_keys");
        assertThat(Files.readString(f)).isEqualTo("key\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("root/.ssh")))).isEqualTo("rwxr-xr-x");
        assertThat(guest.writeIfDifferent("/root/.ssh/authorized_keys", "key\n", AtomicFile.PRIVATE)).as("same content and mode").isFalse();
        assertThat(guest.writeIfDifferent("root/.ssh/authorized_keys", "key\n", AtomicFile.PUBLIC)).as("mode differs").isTrue();
        assertThat(guest.readString("root/.ssh/authorized_keys")).contains("key\n");
        assertThat(guest.isFile("root/.ssh/authorized_keys")).isTrue();
        assertThat(guest.isFile("root/.ssh/nope")).isFalse();
        assertThat(guest.readString("nope/hostname")).isEmpty();
        try (var s = Files.list(root.resolve("root/.ssh"))) {
            assertThat(s.map(p -> p.getFileName().toString())).as("no temp file left").containsExactly("authorized_keys");
        }
    }

    @Test
    void aSymlinkedIntermediateDirectoryIsRefusedAndNothingOutsideChanges() throws IOException {
        Files.createSymbolicLink(root.resolve("etc"), outside); // absolute: /etc -> the machine's etc
        assertThatThrownBy(() -> guest.writeIfDifferent("etc/hostname", "app1\n", AtomicFile.PUBLIC))
                .isInstanceOf(LocalHostsException.class)
                .hasMessageContaining("host app1").hasMessageContaining("/etc is a symbolic link");
        assertThatThrownBy(() -> guest.writeIfDifferent("etc/ssh/sshd_config.d/rolestack.conf", "x", AtomicFile.PUBLIC))
                .hasMessageContaining("/etc is a symbolic link");
        assertThatThrownBy(() -> guest.read("etc/hostname")).hasMessageContaining("/etc is a symbolic link");
        assertThatThrownBy(() -> guest.isFile("etc/hostname")).hasMessageContaining("/etc is a symbolic link");
        assertOutsideUnchanged();
        assertThat(Files.exists(outside.resolve("ssh"))).as("no directory made outside").isFalse();
    }

    @Test
    void aRelativeSymlinkDeeperDownIsRefusedToo() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/ssh"), Path.of("../../machine/etc"));
        assertThatThrownBy(() -> guest.writeIfDifferent("etc/ssh/hostname", "app1\n", AtomicFile.PUBLIC))
                .hasMessageContaining("/etc/ssh is a symbolic link");
        assertOutsideUnchanged();
    }

    @Test
    void aSymlinkedFileIsReplacedInsideNeverFollowed() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Path link = root.resolve("etc/hostname");
        Files.createSymbolicLink(link, outside.resolve("hostname"));
        assertThatThrownBy(() -> guest.read("etc/hostname")).hasMessageContaining("/etc/hostname is a symbolic link");
        assertThat(guest.writeIfDifferent("etc/hostname", "the-machine\n", AtomicFile.PUBLIC))
                .as("a link always differs, even when its target has the same content").isTrue();
        assertThat(Files.isSymbolicLink(link)).isFalse();
        assertThat(Files.readString(link)).isEqualTo("the-machine\n");
        guest.writeIfDifferent("etc/hostname", "app1\n", AtomicFile.PUBLIC);
        assertThat(Files.readString(link)).isEqualTo("app1\n");
        assertOutsideUnchanged();
    }

    @Test
    void dotDotAndOtherOddPathsAreRefusedBeforeAnythingIsTouched() {
        for (String bad : new String[]{"../machine/etc/hostname", "etc/../../machine/etc/hostname", "etc//hostname", "./etc/hostname", "etc/", ""}) {
            assertThatThrownBy(() -> guest.writeIfDifferent(bad, "x", AtomicFile.PUBLIC)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no '..'");
        }
        assertThat(root.toFile().list()).isEmpty();
    }

    @Test
    void aFileWhereADirectoryShouldBeIsRefused() throws IOException {
        Files.writeString(root.resolve("etc"), "not a dir");
        assertThatThrownBy(() -> guest.writeIfDifferent("etc/hosts", "x", AtomicFile.PUBLIC))
                .hasMessageContaining("/etc is a regular file, not a directory");
        Files.delete(root.resolve("etc"));
        Files.createDirectories(root.resolve("etc/hosts"));
        assertThatThrownBy(() -> guest.writeIfDifferent("etc/hosts", "x", AtomicFile.PUBLIC))
                .hasMessageContaining("/etc/hosts is a directory");
    }

    private void assertOutsideUnchanged() throws IOException {
        Path h = outside.resolve("hostname");
        assertThat(Files.isSymbolicLink(h)).isFalse();
        assertThat(Files.readString(h)).isEqualTo("the-machine\n");
        assertThat(Files.getLastModifiedTime(h, LinkOption.NOFOLLOW_LINKS).toMillis()).isEqualTo(1_000_000_000L);
        try (var s = Files.list(outside)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("hostname");
        }
    }
}
