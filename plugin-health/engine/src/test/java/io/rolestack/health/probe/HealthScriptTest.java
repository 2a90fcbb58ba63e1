package io.rolestack.health.probe;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.health.CheckResult;
import io.rolestack.health.CheckStatus;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HealthScriptTest {
    final List<Probe> probes = List.of(new SystemProbes.Process("memcached"), new SystemProbes.Disk(false, 90),
            new SystemProbes.RebootRequired());

    /** One check's output as the script frames it: its begin line, what the command printed, a newline, its end line. */
    private static String check(int i, String printed) {
        return "\u001eB " + i + "\n" + printed + "\n\u001eE " + i + "\n";
    }

    @Test
    void eachCheckIsJudgedByItsProbeAndNoiseIsIgnored() {
        String out = "Welcome to Debian\n" + check(0, "/proc/4242/comm\n") + check(1, "Mounted on Use%\r\n/\t12%") + check(2, "no\n")
                + "\u001eB x\njunk\n\u001eE x\n" + check(7, "not a probe of this host\n") + "E\n";
        assertThat(HealthScript.parse(out, probes)).extracting(CheckResult::name, CheckResult::status, CheckResult::seen)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("process memcached", CheckStatus.OK, "running (pid 4242)"),
                        org.assertj.core.groups.Tuple.tuple("disk", CheckStatus.OK, "fullest / 12% used (1 file systems)"),
                        org.assertj.core.groups.Tuple.tuple("reboot required", CheckStatus.INFO, "no"));
    }

    @Test
    void aMissingLineFailsThatCheckNamingItAndCutOutputAddsAScriptFailure() {
        List<CheckResult> r = HealthScript.parse(check(0, "/proc/4242/comm\n") + "\u001eB 1\n/ 12%\n", probes);
        assertThat(r).hasSize(4);
        assertThat(r.get(0).status()).isEqualTo(CheckStatus.OK);
        assertThat(r.get(1).failed()).isTrue();
        assertThat(r.get(1).name()).isEqualTo("disk");
        assertThat(r.get(1).seen()).contains("no result").contains("check 1 missing").contains("cut short");
        assertThat(r.get(3).name()).isEqualTo(HealthScript.SCRIPT_CHECK);
        assertThat(r.get(3).seen()).contains("1 of 3 checks");
    }

    @Test
    void garbageValuesFailAsUnreadableShowingWhatWasThere() {
        List<CheckResult> r = HealthScript.parse(check(0, "pgrep: not found\n") + check(1, "lots") + check(2, "") + "E\n", probes);
        assertThat(r).hasSize(3).allMatch(CheckResult::failed);
        assertThat(r.get(0).seen()).contains("pgrep: not found");
        assertThat(r.get(1).seen()).contains("'lots'");
        assertThat(r.get(2).seen()).contains("no output");
        assertThat(HealthScript.parse("", probes)).hasSize(4).allMatch(CheckResult::failed);
    }

    @Test
    void multiLineValuesKeepTheirLines() {
        Probe p = new MariaDbProbes.Replication(1, 60);
        String out = check(0, "primary\nlink=10.0.0.3:4711=TLS_AES_256_GCM_SHA384\n") + "E\n";
        CheckResult r = HealthScript.parse(out, List.of(p)).get(0);
        assertThat(r.status()).isEqualTo(CheckStatus.OK);
        assertThat(r.seen()).contains("1 replica(s) connected (10.0.0.3 TLS_AES_256_GCM_SHA384)");
    }

    @Test
    void theGeneratedScriptRunsInARealShellAndEveryCheckAnswers() throws Exception {
        try (ServerSocket open = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             ServerSocket closing = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             LocalRemote sh = new LocalRemote("this-machine")) {
            int closed = closing.getLocalPort();
            closing.close();
            List<Probe> all = List.of(new NetworkProbes.Tcp("127.0.0.1", open.getLocalPort()), new NetworkProbes.Tcp("127.0.0.1", closed),
                    new SystemProbes.Process("no-such-daemon-with-a-long-name"), new SystemProbes.Disk(false, 100),
                    new SystemProbes.Disk(true, 100), new SystemProbes.Memory(1), new SystemProbes.Clock(true),
                    new SystemProbes.RebootRequired(), new NetworkProbes.RedisPing("127.0.0.1", closed),
                    new NetworkProbes.MemcachedStats("127.0.0.1", closed), new NetworkProbes.Http("127.0.0.1", closed, "/x?a='b'", 200),
                    new SystemProbes.Process("java"));
            ExecResult out = sh.exec(Command.of(HealthScript.build(all)));
            assertThat(out.exitCode()).as(out.stderr()).isZero();
            List<CheckResult> r = HealthScript.parse(out.stdout(), all);
            assertThat(r).as(out.stdout()).hasSize(all.size());
            assertThat(r).noneMatch(c -> c.seen().contains("no result") || c.seen().contains("unreadable"));
            assertThat(r.get(0).status()).isEqualTo(CheckStatus.OK);
            assertThat(r.get(1).seen()).startsWith("closed");
            assertThat(r.get(2).seen()).startsWith("not running");
            assertThat(r.get(3).seen()).matches("fullest .* \\d+% used \\(\\d+ file systems\\)");
            assertThat(r.get(5).status()).isEqualTo(CheckStatus.OK);
            assertThat(r.get(5).seen()).contains("MiB available");
            assertThat(r.get(8).seen()).contains("no answer");
            assertThat(r.get(9).seen()).contains("no stats answer");
            assertThat(r.get(10).seen()).contains("no answer");
            // this JVM is a process named java
            assertThat(r.get(11).status()).isEqualTo(CheckStatus.OK);
            assertThat(r.get(11).seen()).matches("running \\(pid [0-9,]+\\)").contains(String.valueOf(ProcessHandle.current().pid()));
        }
    }

    /** A real HTTP server on 127.0.0.1: status and body text judged on the host side, through the real shell script. */
    @Test
    void httpChecksTheStatusAndTheBodyOfARealServer() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/page", x -> {
            byte[] b = ("<html>\n" + "x".repeat(5000) + "\nok app=app1 db=masterdb1\n</html>\n").getBytes();
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.start();
        try (LocalRemote sh = new LocalRemote("this-machine")) {
            int port = server.getAddress().getPort();
            List<Probe> all = List.of(new NetworkProbes.Http("127.0.0.1", port, "/page", 200, java.util.Optional.of("ok app=")),
                    new NetworkProbes.Http("127.0.0.1", port, "/page", 200, java.util.Optional.of("db=db2")),
                    new NetworkProbes.Http("127.0.0.1", port, "/nowhere", 200, java.util.Optional.of("ok")),
                    new NetworkProbes.Http("127.0.0.1", port, "/page", 200));
            ExecResult out = sh.exec(Command.of(HealthScript.build(all)));
            List<CheckResult> r = HealthScript.parse(out.stdout(), all);
            assertThat(r).extracting(CheckResult::seen).as(out.stdout()).containsExactly(
                    "HTTP 200, body contains 'ok app='", "HTTP 200, body without 'db=db2'",
                    "HTTP 404 (HTTP/1.1 404 Not Found)", "HTTP 200");
        } finally {
            server.stop(0);
        }
    }
}
