package io.rolestack.core.remote;

import io.rolestack.core.testing.OpenSshServer;
import io.rolestack.core.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RemotePipe} between two SSH sessions of a real OpenSSH server (as seeding pipes a source db host into a
 * target one): the reading side's stdin is written by SshRemote's input feeder, which blocks on the SSH window.
 */
class RemotePipeAgainstOpenSshIT {
    static final String USER = System.getProperty("user.name");

    @TempDir
    static Path tmp;
    static Path userKey;
    static OpenSshServer server;
    static Path knownHosts;

    @BeforeAll
    static void start() throws IOException {
        userKey = tmp.resolve("id_ed25519");
        TestKeys.generate(userKey);
        server = OpenSshServer.create("host", tmp, Path.of(userKey + ".pub"), "").start();
        knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, server.knownHostsLine() + "\n");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.stop();
    }

    private SshConnector connector() {
        return new SshConnector(SshSettings.of(SshIdentity.file(userKey), new KnownHostsStore(knownHosts, false), null)
                .withAttempts(2, Duration.ofMillis(100)));
    }

    private Remote open(SshConnector ssh, String name) {
        return ssh.open(name, new SshEndpoint("127.0.0.1", server.port(), USER));
    }

    @Test
    void aStreamLargerThanTheBufferArrivesWhole() {
        Path src = tmp.resolve("src");
        Path dst = tmp.resolve("dst");
        try (SshConnector a = connector(); SshConnector b = connector()) {
            Remote from = open(a, "from");
            Remote to = open(b, "to");
            from.run("head -c 64000000 /dev/urandom > " + src);

            RemotePipe.Outcome o = RemotePipe.run(from, Command.of("cat " + src), to, Command.of("cat > " + dst), null);

            assertThat(o.ok()).as(o.toString()).isTrue();
            assertThat(o.bytes()).isEqualTo(64_000_000L);
            assertThat(from.run("sha256sum < " + src).stdout()).isEqualTo(to.run("sha256sum < " + dst).stdout());
        }
    }

    @Test
    void aReaderThatFailsEarlyLetsTheWriterBeStopped() {
        AtomicBoolean told = new AtomicBoolean();
        Path pid = tmp.resolve("writer.pid");
        try (SshConnector a = connector(); SshConnector b = connector()) {
            Remote from = open(a, "from");
            Remote to = open(b, "to");
            // an endless writer: only the callback (which kills it) lets this test end before the timeout
            RemotePipe.Outcome o = RemotePipe.run(from, Command.of("echo $$ > " + pid + "; exec cat /dev/zero").withTimeout(Duration.ofMinutes(2)),
                    to, Command.of("head -c 1000000 >/dev/null; echo 'disk full' >&2; exit 4"), () -> {
                        told.set(true);
                        from.exec(Command.of("kill $(cat " + pid + ")"));
                    });

            assertThat(told).isTrue();
            assertThat(o.to().exitCode()).isEqualTo(4);
            assertThat(o.to().stderr()).contains("disk full");
            assertThat(o.from().ok()).isFalse();
            assertThat(o.from().took()).isLessThan(Duration.ofMinutes(1));
        }
    }
}
