package io.rolestack.patch;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.remote.Remote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lock with real sh, flock and mv on this machine (what the jump host runs). */
class PatchLockTest {
    @TempDir
    Path dir;
    final Remote machine = new LocalRemote("jump");

    PatchLock lock() {
        return new PatchLock(machine, dir.resolve("patch-lock").toString(), "prod");
    }

    @Test
    void aSecondRunIsRefusedNamingTheHolderAndTheHolderReleasesIt() throws Exception {
        PatchLock.Taken first = lock().acquire("alice@laptop", 4242, Duration.ofHours(2));
        assertThat(first.broken()).isEmpty();
        assertThat(first.holder().owner()).isEqualTo("alice@laptop");
        assertThat(first.holder().expires()).isEqualTo(first.holder().started().plus(Duration.ofHours(2)));
        assertThat(Files.readString(dir.resolve("patch-lock/prod.lock"))).contains("owner=alice@laptop\npid=4242\n");

        assertThatThrownBy(() -> lock().acquire("jenkins@ci", 7, Duration.ofHours(2)))
                .isInstanceOf(PatchLock.HeldException.class)
                .hasMessageStartingWith("patch lock of prod is held by alice@laptop (pid 4242) since ");
        assertThat(lock().holder()).contains(first.holder());

        PatchLock.Holder stranger = new PatchLock.Holder("jenkins@ci", 7, "not-the-token", Instant.now(), Instant.now());
        assertThat(lock().release(stranger)).as("only the holder releases").isFalse();
        assertThat(lock().release(first.holder())).isTrue();
        assertThat(lock().holder()).isEmpty();
        assertThat(lock().acquire("jenkins@ci", 7, Duration.ofHours(2)).broken()).isEmpty();
    }

    @Test
    void aLockWhoseTtlPassedIsBrokenAndItsHolderReported() {
        PatchLock.Taken old = lock().acquire("gone@crashed", 1, Duration.ofHours(2));
        // Its holder died long ago: expiry moved into the past, in the file, as time would have.
        machine.run(Command.of("sed -i 's/^expires=.*/expires=" + (Instant.now().getEpochSecond() - 5) + "/' "
                + dir.resolve("patch-lock/prod.lock")));
        PatchLock.Taken next = lock().acquire("bob@laptop", 99, Duration.ofMinutes(30));
        assertThat(next.broken()).map(PatchLock.Holder::owner).contains("gone@crashed");
        assertThat(next.broken().get().token()).isEqualTo(old.holder().token());
        assertThat(next.holder().owner()).isEqualTo("bob@laptop");
        assertThat(lock().release(old.holder())).as("the broken holder no longer owns it").isFalse();
        assertThat(lock().holder()).map(PatchLock.Holder::owner).contains("bob@laptop");
    }

    @Test
    void ofManyRunsStartingTogetherExactlyOneGetsTheLock() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Optional<PatchLock.Taken>>> runs = java.util.stream.IntStream.range(0, 6)
                    .mapToObj(i -> (Callable<Optional<PatchLock.Taken>>) () -> {
                        try {
                            return Optional.of(lock().acquire("runner" + i + "@ci", i, Duration.ofHours(1)));
                        } catch (PatchLock.HeldException e) {
                            return Optional.empty();
                        }
                    }).toList();
            long winners = 0;
            for (Future<Optional<PatchLock.Taken>> f : pool.invokeAll(runs)) winners += f.get().isPresent() ? 1 : 0;
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badInputIsRefusedBeforeTouchingTheHost() {
        assertThatThrownBy(() -> new PatchLock(machine, dir.toString(), "../etc")).hasMessage("bad environment name: ../etc");
        assertThatThrownBy(() -> lock().acquire("a=b", 1, Duration.ofHours(1))).hasMessage("bad owner: a=b");
        assertThatThrownBy(() -> lock().acquire("a@b", 1, Duration.ZERO)).hasMessage("lock TTL must be at least 1 s, was PT0S");
        assertThat(Files.exists(dir.resolve("patch-lock"))).isFalse();
    }
}
