package io.rolestack.vm.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AptSourcesTest {
    @TempDir
    Path apt;

    @Test
    void readsTheMirrorFromDeb822Sources() throws IOException {
        Files.createDirectories(apt.resolve("sources.list.d"));
        Files.writeString(apt.resolve("sources.list.d/debian.sources"), """
                Types: deb
                # http://snapshot.debian.org/archive/debian/20250520T000000Z
                URIs: http://mirror.example.org/debian/
                Suites: bookworm bookworm-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                Types: deb
                URIs: http://mirror.example.org/debian-security
                Suites: bookworm-security
                Components: main
                """);
        Files.writeString(apt.resolve("sources.list.d/other.list.disabled-by-farm"), "deb http://elsewhere/ bookworm main\n");
        AptSources s = AptSources.read(apt);
        assertThat(s.mirrorFor("bookworm")).isEqualTo("http://mirror.example.org/debian");
        assertThat(s.files()).containsOnlyKeys(apt.resolve("sources.list.d/debian.sources"));
        assertThat(s.entries().get(0).signedBy()).contains("/usr/share/keyrings/debian-archive-keyring.gpg");
    }

    @Test
    void readsOneLineSourcesWithOptions() throws IOException {
        Files.writeString(apt.resolve("sources.list"), """
                # deb http://commented/ bookworm main
                deb-src http://src.example.org/debian bookworm main
                deb [arch=amd64 signed-by=/etc/apt/keyrings/k.gpg] http://one.example.org/debian bookworm main contrib
                """);
        AptSources s = AptSources.read(apt);
        assertThat(s.mirrorFor("bookworm")).isEqualTo("http://one.example.org/debian");
        assertThat(s.entries()).singleElement().satisfies(e -> {
            assertThat(e.signedBy()).contains("/etc/apt/keyrings/k.gpg");
            assertThat(e.line()).isEqualTo(3);
        });
    }

    @Test
    void aMissingSuiteIsAClearError() throws IOException {
        Files.writeString(apt.resolve("sources.list"), "deb http://one.example.org/debian bullseye main\n");
        assertThatThrownBy(() -> AptSources.read(apt).mirrorFor("bookworm"))
                .hasMessageContaining("no apt source on this machine carries suite 'bookworm'");
    }

    @Test
    void readsThisMachinesSources() {
        // the rootfs mirror comes from here, not from a constant
        assertThat(AptSources.read(AptSources.DIR).mirrorFor("bookworm")).startsWith("http");
    }
}
