package io.rolestack.platform.patch;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.LocalRemote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The fixture itself, built with the real dpkg-deb and dpkg-scanpackages of this machine. */
class TestAptRepoTest {
    @TempDir
    Path tmp;

    @Test
    void theIndexListsBothVersionsAndOnlyTheNewOneAsksForAReboot() throws Exception {
        TestAptRepo repo = TestAptRepo.build(tmp);
        String packages = Files.readString(repo.dir().resolve("Packages"));
        assertThat(packages).contains("Package: rolestack-testpkg\nVersion: 1.0\n").contains("Package: rolestack-testpkg\nVersion: 1.1\n")
                .contains("Filename: ./rolestack-testpkg_1.1_all.deb");
        assertThat(Files.readString(repo.dir().resolve("Release"))).containsPattern(" [0-9a-f]{64} " + Files.size(repo.dir().resolve("Packages")) + " Packages\n");
        LocalRemote machine = new LocalRemote("machine");
        String newInfo = machine.run(Command.of("dpkg-deb -I " + repo.dir().resolve(TestAptRepo.debName("1.1")) + " postinst")).stdout();
        assertThat(newInfo).contains("touch /var/run/reboot-required");
        assertThat(machine.exec(Command.of("dpkg-deb -I " + repo.dir().resolve(TestAptRepo.debName("1.0")) + " postinst")).ok()).isFalse();
        assertThat(machine.run(Command.of("dpkg-deb -c " + repo.dir().resolve(TestAptRepo.debName("1.0")))).stdout())
                .contains("./usr/share/rolestack-testpkg/VERSION");
    }
}
