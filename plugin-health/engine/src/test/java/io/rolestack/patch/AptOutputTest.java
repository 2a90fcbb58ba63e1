package io.rolestack.patch;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** apt-get 2.6 (bookworm) output, as printed on local hosts. */
class AptOutputTest {
    static final String SIMULATION = """
            NOTE: This is only a simulation!
                  apt-get needs root privileges for real execution.
                  Keep also in mind that locking is deactivated,
                  so don't depend on the relevance to the real current situation!
            Reading package lists...
            Building dependency tree...
            Reading state information...
            Calculating upgrade...
            The following packages have been kept back:
              memcached tzdata
            The following NEW packages will be installed:
              libfoo2
            The following packages will be upgraded:
              libc-bin libc6 rolestack-testpkg
            3 upgraded, 1 newly installed, 0 to remove and 2 not upgraded.
            Inst libc6 [2.36-9+deb12u7] (2.36-9+deb12u9 Debian-Security:12/stable-security [amd64]) [libc-bin:amd64 ]
            Inst libc-bin [2.36-9+deb12u7] (2.36-9+deb12u9 Debian-Security:12/stable-security [amd64])
            Inst libfoo2 (2.0-1 Debian:12.8/stable [amd64])
            Inst rolestack-testpkg [1.0] (1.1 localhost [all])
            Conf libc6 (2.36-9+deb12u9 Debian-Security:12/stable-security [amd64])
            Conf libc-bin (2.36-9+deb12u9 Debian-Security:12/stable-security [amd64])
            Conf libfoo2 (2.0-1 Debian:12.8/stable [amd64])
            Conf rolestack-testpkg (1.1 localhost [all])
            """;

    @Test
    void instLinesGiveNameFromAndToAndNewPackagesHaveNoFrom() {
        assertThat(AptOutput.upgrades(SIMULATION)).containsExactly(
                new PackageUpgrade("libc6", "2.36-9+deb12u7", "2.36-9+deb12u9"),
                new PackageUpgrade("libc-bin", "2.36-9+deb12u7", "2.36-9+deb12u9"),
                new PackageUpgrade("libfoo2", "", "2.0-1"),
                new PackageUpgrade("rolestack-testpkg", "1.0", "1.1"));
    }

    @Test
    void anEpochAndAnArchQualifiedNameAreKept() {
        assertThat(AptOutput.upgrades("Inst libssl3:amd64 [1:3.0.11-1~deb12u2] (1:3.0.15-1~deb12u1 Debian:12.8/stable [amd64])"))
                .containsExactly(new PackageUpgrade("libssl3:amd64", "1:3.0.11-1~deb12u2", "1:3.0.15-1~deb12u1"));
    }

    @Test
    void nothingToUpgradeIsAnEmptyList() {
        assertThat(AptOutput.upgrades("Reading package lists...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")).isEmpty();
    }

    @Test
    void keptBackPackagesAreReadFromTheirIndentedList() {
        assertThat(AptOutput.keptBack(SIMULATION)).containsExactly("memcached", "tzdata");
        assertThat(AptOutput.keptBack("0 upgraded\n")).isEmpty();
    }

    @Test
    void needrestartBatchOutputNamesTheRestartedServices() {
        String batch = """
                NEEDRESTART-VER: 3.6
                NEEDRESTART-KCUR: 6.1.0-26-amd64
                NEEDRESTART-KSTA: 1
                NEEDRESTART-SVC: memcached.service
                NEEDRESTART-SVC: php8.2-fpm.service
                """;
        assertThat(AptOutput.restartedServices(batch)).containsExactly("memcached.service", "php8.2-fpm.service");
    }

    @Test
    void aKernelOrLibcUpgradeMakesARebootLikelyAndAPlainPackageDoesNot() {
        assertThat(PendingUpdates.of(AptOutput.upgrades(SIMULATION), List.of(), List.of(), false).rebootLikely()).isTrue();
        PendingUpdates plain = PendingUpdates.of(List.of(new PackageUpgrade("rolestack-testpkg", "1.0", "1.1")), List.of(), List.of(), false);
        assertThat(plain.rebootLikely()).isFalse();
        assertThat(plain.nothingToDo()).isFalse();
        assertThat(PendingUpdates.of(List.of(), List.of(), List.of(), true).nothingToDo()).as("a pending reboot is work").isFalse();
        assertThat(PendingUpdates.of(List.of(new PackageUpgrade("linux-image-amd64", "6.1.1", "6.1.2")), List.of(), List.of(), false)
                .rebootLikely()).isTrue();
    }
}
