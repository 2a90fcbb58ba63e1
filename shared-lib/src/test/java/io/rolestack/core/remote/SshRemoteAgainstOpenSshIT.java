package io.rolestack.core.remote;

import io.rolestack.core.testing.OpenSshServer;
import io.rolestack.core.testing.TestKeys;
import io.rolestack.core.wait.Wait;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SshRemote against two real OpenSSH servers on 127.0.0.1: a jump host and a
 * target that the client reaches only through a direct-tcpip channel opened
 * on the jump host.
 */
class SshRemoteAgainstOpenSshIT {
    static final String USER = System.getProperty("user.name");

    @TempDir
    static Path tmp;
    static Path userKey;
    static OpenSshServer jump;
    static OpenSshServer target;
    static Path knownHosts;

    @BeforeAll
    static void startServers() throws IOException {
        userKey = tmp.resolve("id_ed25519");
        TestKeys.generate(userKey);
        Path pub = Path.of(userKey + ".pub");
        int targetPort = OpenSshServer.freePort();
        target = OpenSshServer.create("target", tmp, pub, "").start();
        // The jump host may only open tunnels to the target: proof that the target is reached through it.
        jump = OpenSshServer.create("jump", tmp, pub, "AllowTcpForwarding yes\nPermitOpen 127.0.0.1:" + target.port()).start();
        knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, jump.knownHostsLine() + "\n" + target.knownHostsLine() + "\n");
    }

    @AfterAll
    static void stopServers() {
        if (jump != null) jump.stop();
        if (target != null) target.stop();
    }

    static SshSettings settings(Path knownHostsFile, boolean tofu, OpenSshServer via) {
        return SshSettings.of(SshIdentity.file(userKey), new KnownHostsStore(knownHostsFile, tofu),
                        via == null ? null : new SshEndpoint("127.0.0.1", via.port(), USER))
                .withAttempts(2, Duration.ofMillis(100));
    }

    static SshEndpoint targetEndpoint() {
        return new SshEndpoint("127.0.0.1", target.port(), USER);
    }

    @Test
    void execThroughJumpHostReturnsExitCodeAndBothOutputs() {
        try (SshConnector ssh = new SshConnector(settings(knownHosts, false, jump))) {
            ExecResult r = ssh.open("target", targetEndpoint()).exec(Command.of("echo hello; echo oops >&2; exit 3"));
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.stdout()).isEqualTo("hello\n");
            assertThat(r.stderr()).isEqualTo("oops\n");
            assertThat(r.ok()).isFalse();
        }
    }

    @Test
    void streamPassesInputAndOutputLargerThanABufferThroughWithoutKeepingThem() throws Exception {
        // 48 MiB each way through the jump host; the digests on both sides say nothing was lost or reordered
        long size = 48L << 20;
        java.security.MessageDigest sent = java.security.MessageDigest.getInstance("SHA-256");
        java.security.MessageDigest received = java.security.MessageDigest.getInstance("SHA-256");
        java.io.InputStream input = new java.security.DigestInputStream(new java.io.InputStream() {
            private final java.util.Random random = new java.util.Random(42);
            private long left = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) return -1;
                int n = (int) Math.min(len, left);
                byte[] chunk = new byte[n];
                random.nextBytes(chunk);
                System.arraycopy(chunk, 0, b, off, n);
                left -= n;
                return n;
            }
        }, sent);
        long[] counted = {0};
        java.io.OutputStream output = new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), received) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                super.write(b, off, len);
                counted[0] += len;
            }
        };
        try (SshConnector ssh = new SshConnector(settings(knownHosts, false, jump))) {
            ExecResult r = ssh.open("target", targetEndpoint()).stream(Command.of("cat; echo done >&2"), input, output);
            assertThat(r.exitCode()).isZero();
            assertThat(r.stdout()).isEmpty();
            assertThat(r.stderr()).isEqualTo("done\n");
        }
        assertThat(counted[0]).isEqualTo(size);
        assertThat(received.digest()).isEqualTo(sent.digest());
    }

    /**
     * The input ends while the host's window is used up (the command has not started reading): the last bytes, still
     * buffered, must wait for the window, not be dropped. sshj's close() alone drops them and sends end-of-input (CI: a
     * restore test's zstd said "premature end"). OpenSSH opens a session with a 2 MiB window and the command's pipe
     * takes 64 KiB more; the sizes swept around there leave a partial packet buffered when the window is at 0.
     * Without the flush before close, six of these sizes arrived short (2162688 bytes read of 2163688 sent...).
     */
    @Test
    void inputThatEndsWhileTheHostsWindowIsFullArrivesWhole() {
        try (SshConnector ssh = new SshConnector(settings(knownHosts, false, jump))) {
            Remote r = ssh.open("target", targetEndpoint());
            java.util.List<String> lost = new java.util.ArrayList<>();
            for (int size = (2 << 20) - (64 << 10) + 1000; size < (2 << 20) + (256 << 10); size += 8 << 10) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                ExecResult counted = r.stream(Command.of("sleep 0.3; wc -c"), new java.io.ByteArrayInputStream(new byte[size]), out);
                String read = out.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
                if (!read.equals(String.valueOf(size))) lost.add(size + " sent, " + read + " read");
            }
            assertThat(lost).isEmpty();
        }
    }

    @Test
    void aStreamWhoseSinkFailsIsAnErrorNotASilentlyShortOutput() {
        java.io.OutputStream full = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        try (SshConnector ssh = new SshConnector(settings(knownHosts, false, jump))) {
            assertThatThrownBy(() -> ssh.open("target", targetEndpoint()).stream(Command.of("head -c 1000000 /dev/zero"), null, full))
                    .isInstanceOf(RemoteException.class).hasMessageContaining("No space left on device");
        }
    }

    @Test
    void aCommandThatFailsBeforeItsInputIsAllSentSaysItsInputWasCut() {
        // 16 MiB is far more than the SSH window: the command exits (3) after one byte, the rest cannot be sent.
        java.io.InputStream big = new java.io.ByteArrayInputStream(new byte[16 << 20]);
        try (SshConnector ssh = new SshConnector(settings(knownHosts, false, jump))) {
            ExecResult r = ssh.open("target", targetEndpoint()).stream(Command.of("head -c 1 >/dev/null; echo gave up >&2; exit 3"),
                    big, java.io.OutputStream.nullOutputStream());
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.stderr()).startsWith("gave up\n(rolestack: its input was cut short: ");
            ExecResult ok = ssh.open("target", targetEndpoint()).stream(Command.of("head -c 1 >/dev/null"),
                    new java.io.ByteArrayInputStream(new byte[16 << 20]), java.io.OutputStream.nullOutputStream());
            assertThat(ok.exitCode()).as("a command that needs only part of its input and succeeds is fine").isZero();
            assertThat(ok.stderr()).isEmpty();
        }
    }

    @Test
    void theJumpHostItselfIsReachedDirectly() {
        try (SshConnector ssh = new SshConnector(settings(knownHosts, false, jump))) {
            Remote j = ssh.open("jump", new SshEndpoint("127.0.0.1", jump.port(), USER));
            assertThat(j.run("echo on-jump").stdout()).isEqualTo("on-jump\n");
            assertThat(ssh.open("target", targetEndpoint()).run("echo on-target").stdout()).isEqualTo("on-target\n");
        }
    }

    @Test
    void oneSessionPerHostIsReusedForEveryCommand() throws Exception {
        long before = accepted(target.log());
        try (SshConnector ssh = new SshConnector(settings(knownHosts, false, jump))) {
            Remote r = ssh.open("target", targetEndpoint());
            for (int i = 0; i < 15; i++) {
                assertThat(r.run("echo " + i).stdout().trim()).isEqualTo(String.valueOf(i));
            }
            assertThat(ssh.open("target", targetEndpoint())).isSameAs(r);
        }
        // sshd writes its log line asynchronously: wait for it, then check there is exactly one
        Wait.upTo(Duration.ofSeconds(10)).every(Duration.ofMillis(20)).until(() -> accepted(target.log()) > before,
                () -> new IllegalStateException("no 'Accepted publickey' in the target's sshd log after 10 s:\n" + target.log()));
        assertThat(accepted(target.log()) - before).isEqualTo(1);
    }

    static long accepted(String log) {
        return log.lines().filter(l -> l.contains("Accepted publickey")).count();
    }

    @Test
    void uploadIsAtomicWithModeAndLeavesNoTemporaryFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("upload"));
        String path = dir.resolve("app.conf").toString();
        try (SshConnector ssh = new SshConnector(settings(knownHosts, false, jump))) {
            Remote r = ssh.open("target", targetEndpoint());
            r.upload("first\n".getBytes(StandardCharsets.UTF_8), path, new FileMode(USER, USER, 0640));
            r.upload("second version\n".getBytes(StandardCharsets.UTF_8), path, new FileMode(USER, USER, 0640));
            ExecResult st = r.run("stat -c '%a %U' " + Shell.quote(path) + " && cat " + Shell.quote(path));
            assertThat(st.stdout()).isEqualTo("640 " + USER + "\nsecond version\n");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("app.conf");
        }
    }

    @Test
    void failedUploadLeavesTheOldFileAndNoTemporary() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("upload-fail"));
        Path file = dir.resolve("keep.conf");
        Files.writeString(file, "old\n");
        try (SshConnector ssh = new SshConnector(settings(knownHosts, false, jump))) {
            Remote r = ssh.open("target", targetEndpoint());
            assertThatThrownBy(() -> r.upload("new\n".getBytes(), file.toString(), new FileMode("no-such-user-x", "root", 0644)))
                    .isInstanceOf(RemoteException.class)
                    .hasMessageContaining("target");
        }
        assertThat(Files.readString(file)).isEqualTo("old\n");
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(1);
        }
    }

    @Test
    void changedHostKeyIsRefused() throws IOException {
        Path otherKey = tmp.resolve("other_host_key");
        TestKeys.generate(otherKey);
        String[] pub = Files.readString(Path.of(otherKey + ".pub")).trim().split("\\s+");
        Path kh = tmp.resolve("known_hosts_mismatch");
        Files.writeString(kh, jump.knownHostsLine() + "\n[127.0.0.1]:" + target.port() + " " + pub[0] + " " + pub[1] + "\n");
        try (SshConnector ssh = new SshConnector(settings(kh, true, jump))) {
            assertThatThrownBy(() -> ssh.open("target", targetEndpoint()))
                    .isInstanceOf(RemoteException.class)
                    .hasMessageContaining("HOST KEY MISMATCH")
                    .hasMessageContaining("[127.0.0.1]:" + target.port());
        }
    }

    @Test
    void unknownHostKeyIsRefusedUnlessTrustOnFirstUseThenPinned() throws IOException {
        Path kh = tmp.resolve("known_hosts_partial");
        Files.writeString(kh, jump.knownHostsLine() + "\n");
        try (SshConnector ssh = new SshConnector(settings(kh, false, jump))) {
            assertThatThrownBy(() -> ssh.open("target", targetEndpoint()))
                    .isInstanceOf(RemoteException.class)
                    .hasMessageContaining("is not in known_hosts");
        }
        try (SshConnector ssh = new SshConnector(settings(kh, true, jump))) {
            assertThat(ssh.open("target", targetEndpoint()).run("echo pinned").stdout()).isEqualTo("pinned\n");
        }
        assertThat(Files.readString(kh)).contains("[127.0.0.1]:" + target.port() + " ssh-ed25519 ");
        // Now pinned: strict checking accepts it.
        try (SshConnector ssh = new SshConnector(settings(kh, false, jump))) {
            assertThat(ssh.open("target", targetEndpoint()).run("echo strict").stdout()).isEqualTo("strict\n");
        }
    }

    @Test
    void unknownJumpHostKeyIsRefused() throws IOException {
        Path kh = tmp.resolve("known_hosts_target_only");
        Files.writeString(kh, target.knownHostsLine() + "\n");
        try (SshConnector ssh = new SshConnector(settings(kh, false, jump))) {
            assertThatThrownBy(() -> ssh.open("target", targetEndpoint()))
                    .isInstanceOf(RemoteException.class)
                    .hasMessageContaining("jump host")
                    .hasMessageContaining("is not in known_hosts");
        }
    }

    @Test
    void commandPastItsTimeoutIsKilledAndReported() {
        try (SshConnector ssh = new SshConnector(settings(knownHosts, false, jump))) {
            Remote r = ssh.open("target", targetEndpoint());
            assertThatThrownBy(() -> r.exec(Command.of("sleep 37.25").withTimeout(Duration.ofMillis(700))))
                    .isInstanceOf(RemoteException.class)
                    .hasMessageContaining("timed out after 700ms")
                    .hasMessageContaining("sleep 37.25");
            // The session is still usable afterwards, and the command is dead on the host.
            assertThat(r.run("echo alive").stdout()).isEqualTo("alive\n");
            assertThat(r.run("sleep 1.5; pgrep -f 'sleep 37[.]25' || echo gone").stdout()).isEqualTo("gone\n");
        }
    }

    @Test
    void secretOnStdinNeverShowsInLogsArgvOrErrors() {
        String secret = "s3cr3t-" + System.nanoTime();
        List<String> log = new CopyOnWriteArrayList<>();
        SshRemote.commandLog(log::add);
        try (SshConnector ssh = new SshConnector(settings(knownHosts, false, jump))) {
            Remote r = ssh.open("target", targetEndpoint());
            // While the command runs, every process's argv on the host is listed: the secret must not be there.
            ExecResult ok = r.run(Command.of("read -r pw; echo ${#pw}; ps -eo args").withStdin(secret + "\n"));
            assertThat(ok.stdout()).startsWith(secret.length() + "\n").doesNotContain(secret);
            assertThatThrownBy(() -> r.run(Command.of("read -r pw; echo bad >&2; exit 9").withStdin(secret + "\n")))
                    .isInstanceOf(RemoteException.class)
                    .hasMessageContaining("exit 9")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
        } finally {
            SshRemote.commandLog(null);
        }
        assertThat(log).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain(secret));
        assertThat(log).anySatisfy(line -> assertThat(line).contains("<stdin:"));
    }

    @Test
    void brokenJumpHostMeansNoConnection() throws IOException {
        OpenSshServer noForwarding = OpenSshServer.create("jump-no-forwarding", tmp, Path.of(userKey + ".pub"),
                "AllowTcpForwarding no").start();
        try {
            Path kh = tmp.resolve("known_hosts_broken");
            Files.writeString(kh, noForwarding.knownHostsLine() + "\n" + target.knownHostsLine() + "\n");
            try (SshConnector ssh = new SshConnector(settings(kh, false, noForwarding))) {
                assertThatThrownBy(() -> ssh.open("target", targetEndpoint()))
                        .isInstanceOf(RemoteException.class)
                        .hasMessageContaining("target")
                        .hasMessageContaining("via jump");
            }
            noForwarding.stop();
            try (SshConnector ssh = new SshConnector(settings(kh, false, noForwarding))) {
                assertThatThrownBy(() -> ssh.open("target", targetEndpoint()))
                        .isInstanceOf(RemoteException.class)
                        .hasMessageContaining("gave up after 2 attempts")
                        .hasMessageContaining("connection refused");
            }
        } finally {
            noForwarding.stop();
        }
    }

    @Test
    void sessionLostBetweenCommandsIsReopened() throws IOException {
        Path pub = Path.of(userKey + ".pub");
        OpenSshServer flaky = OpenSshServer.create("flaky", tmp, pub, "").start();
        OpenSshServer flakyJump = OpenSshServer.create("flaky-jump", tmp, pub, "PermitOpen 127.0.0.1:" + flaky.port()).start();
        try {
            Path kh = tmp.resolve("known_hosts_flaky");
            Files.writeString(kh, flakyJump.knownHostsLine() + "\n" + flaky.knownHostsLine() + "\n");
            try (SshConnector ssh = new SshConnector(settings(kh, false, flakyJump))) {
                Remote r = ssh.open("flaky", new SshEndpoint("127.0.0.1", flaky.port(), USER));
                assertThat(r.run("echo one").stdout()).isEqualTo("one\n");
                flaky.stop(); // kills the listener and the session's child process
                flaky.start();
                assertThat(r.run("echo two").stdout()).isEqualTo("two\n");
            }
        } finally {
            flakyJump.stop();
            flaky.stop();
        }
    }

    @Test
    void generatedOpenSshConfigReachesTheTargetThroughTheJumpWithRealSsh() throws Exception {
        var jumpHost = io.rolestack.core.inventory.Host.of(io.rolestack.core.naming.HostName.parse("jump.test.wpdn"), "127.0.0.1");
        var app = io.rolestack.core.inventory.Host.of(io.rolestack.core.naming.HostName.parse("app1.test.wpdn"), "127.0.0.1");
        String config = OpenSshConfig.render(
                new OpenSshConfig.Target(jumpHost, new SshEndpoint("127.0.0.1", jump.port(), USER)),
                List.of(new OpenSshConfig.Target(app, new SshEndpoint("127.0.0.1", target.port(), USER))),
                java.util.Optional.of(userKey), java.util.Optional.of(knownHosts));
        assertThat(config).contains("ProxyJump jump").contains("StrictHostKeyChecking yes");
        Path cfg = tmp.resolve("ssh_config");
        Files.writeString(cfg, config);
        Process p = new ProcessBuilder("ssh", "-F", cfg.toString(), "-o", "BatchMode=yes", "app1", "echo", "via-config")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(out).isEqualTo("via-config\n");
        assertThat(p.exitValue()).isZero();
    }
}
