package io.rolestack.core.remote;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link HostFileLock} with real flock(1) processes on this machine (over SSH: MariaDbBackupsAgainstRealMariaDbIT). */
class HostFileLockOnLocalMachineIT {
    @TempDir
    Path tmp;

    @Test
    void oneHolderAtATimeAndClosingLetsTheNextIn() {
        LocalRemote host = new LocalRemote("backup1");
        String file = tmp.resolve("runs.lock").toString();
        Optional<HostFileLock> first = HostFileLock.tryAcquire(host, file, Duration.ofMinutes(5));
        assertThat(first).isPresent();
        // taken: answered at once, and flock(1) itself agrees
        assertThat(HostFileLock.tryAcquire(host, file, Duration.ofMinutes(5))).isEmpty();
        assertThat(host.exec(Command.of("flock -n " + Shell.quote(file) + " true")).exitCode()).isEqualTo(1);
        first.get().close();
        assertThat(host.exec(Command.of("flock -n " + Shell.quote(file) + " true")).ok()).isTrue();
        try (HostFileLock again = HostFileLock.tryAcquire(host, file, Duration.ofMinutes(5)).orElseThrow()) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void aFileThatCannotBeLockedIsAnErrorNamingIt() {
        String file = tmp.resolve("no/such/dir/runs.lock").toString();
        assertThatThrownBy(() -> HostFileLock.tryAcquire(new LocalRemote("backup1"), file, Duration.ofMinutes(1)))
                .isInstanceOf(RemoteException.class).hasMessageContaining("cannot lock " + file);
    }
}
