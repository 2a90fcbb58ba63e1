package io.rolestack.core.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void writesWithTheExactModeAndLeavesNoTempFile() throws IOException {
        Path f = dir.resolve("sub/ca.pem");
        AtomicFile.write(f, "secret", AtomicFile.PRIVATE);
        assertThat(f).hasContent("secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        try (var s = Files.list(f.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("ca.pem");
        }
    }

    @Test
    void replacesAndTightensAnExistingFile() throws IOException {
        Path f = dir.resolve("state");
        Files.writeString(f, "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
        AtomicFile.write(f, "new", AtomicFile.PRIVATE);
        assertThat(f).hasContent("new");
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(AtomicFile.PRIVATE);
    }

    @Test
    void replacesASymlinkInsteadOfWritingThroughIt() throws IOException {
        Path outside = dir.resolve("outside");
        Files.writeString(outside, "untouched");
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, outside);
        assertThat(AtomicFile.writeIfDifferent(link, "untouched", AtomicFile.PUBLIC)).isTrue();
        assertThat(Files.isSymbolicLink(link)).isFalse();
        assertThat(outside).hasContent("untouched");
        assertThat(Files.isRegularFile(link, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void writeIfDifferentComparesContentAndMode() throws IOException {
        Path f = dir.resolve("hosts");
        assertThat(AtomicFile.writeIfDifferent(f, "a", AtomicFile.PUBLIC)).isTrue();
        assertThat(AtomicFile.writeIfDifferent(f, "a", AtomicFile.PUBLIC)).isFalse();
        assertThat(AtomicFile.writeIfDifferent(f, "a", AtomicFile.PRIVATE)).isTrue();
        assertThat(AtomicFile.writeIfDifferent(f, "b", AtomicFile.PRIVATE)).isTrue();
        assertThat(f).hasContent("b");
    }

    @Test
    void aFailedWriteLeavesTheOldContentAndNoTempFile() throws IOException {
        Path f = dir.resolve("file");
        Files.writeString(f, "old");
        // A directory where the rename must go: the rename fails after the temp file was written.
        Path target = dir.resolve("adir");
        Files.createDirectories(target.resolve("child"));
        assertThatThrownBy(() -> AtomicFile.write(target, "x", AtomicFile.PUBLIC)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(target.toString());
        assertThat(f).hasContent("old");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("file", "adir");
        }
    }
}
