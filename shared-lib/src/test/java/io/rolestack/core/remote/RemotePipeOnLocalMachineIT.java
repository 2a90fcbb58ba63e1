package io.rolestack.core.remote;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RemotePipe} between two real processes (two LocalRemote "hosts"). */
class RemotePipeOnLocalMachineIT {
    private final LocalRemote a = new LocalRemote("a");
    private final LocalRemote b = new LocalRemote("b");

    @Test
    void everyByteArrivesInOrder(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        Path dst = dir.resolve("dst");
        a.run("head -c 50000000 /dev/urandom > " + src);

        RemotePipe.Outcome o = RemotePipe.run(a, Command.of("cat " + src), b, Command.of("cat > " + dst), null);

        assertThat(o.ok()).isTrue();
        assertThat(o.bytes()).isEqualTo(50_000_000L);
        assertThat(a.run("sha256sum < " + src).stdout()).isEqualTo(b.run("sha256sum < " + dst).stdout());
    }

    @Test
    void aReaderThatFailsEarlyDoesNotHoldTheWriterAndIsReported() {
        AtomicBoolean told = new AtomicBoolean();

        RemotePipe.Outcome o = RemotePipe.run(a, Command.of("head -c 200000000 /dev/zero").withTimeout(Duration.ofMinutes(2)),
                b, Command.of("head -c 10 >/dev/null; echo 'no room' >&2; exit 3"), () -> told.set(true));

        assertThat(o.to().exitCode()).isEqualTo(3);
        assertThat(o.to().stderr()).contains("no room");
        assertThat(o.from().ok()).as("the writer ran to its end, its output dropped").isTrue();
        assertThat(o.ok()).isFalse();
        assertThat(told).isTrue();
    }

    @Test
    void aWriterThatFailsEndsTheReadersInput(@TempDir Path dir) throws Exception {
        Path dst = dir.resolve("dst");

        RemotePipe.Outcome o = RemotePipe.run(a, Command.of("printf partial; exit 7"), b, Command.of("cat > " + dst), null);

        assertThat(o.from().exitCode()).isEqualTo(7);
        assertThat(o.to().ok()).isTrue();
        assertThat(Files.readString(dst)).isEqualTo("partial");
    }
}
