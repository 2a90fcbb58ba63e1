package io.rolestack.health.probe;

import io.rolestack.health.CheckResult;
import io.rolestack.health.CheckStatus;
import io.rolestack.health.Thresholds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Thresholds and verdicts on what hosts print, one probe at a time. */
class ProbeJudgementTest {
    @Test
    void diskAndInodesFailAtTheThreshold() {
        Probe disk = new SystemProbes.Disk(false, 90);
        assertThat(disk.evaluate("/ 89%\n/run 1%").status()).isEqualTo(CheckStatus.OK);
        assertThat(disk.evaluate("/ 89%\n/run 1%").seen()).isEqualTo("fullest / 89% used (2 file systems)");
        CheckResult full = disk.evaluate("/ 12%\n/srv/my data 90%\n/run 100%");
        assertThat(full.failed()).isTrue();
        assertThat(full.message()).isEqualTo("expected every file system < 90% used, saw /srv/my data 90% used, /run 100% used");
        assertThat(new SystemProbes.Disk(true, 90).evaluate("/ -\n/run -").status()).isEqualTo(CheckStatus.INFO);
        assertThat(new SystemProbes.Disk(true, 90).evaluate("/ -\n/run 3%").seen()).isEqualTo("fullest /run 3% used (1 file systems)");
        assertThat(disk.evaluate("df: /: No such file").failed()).isTrue();
        // df's header line, as df prints it, is not a file system
        assertThat(disk.evaluate("Mounted on     Use%\n/ 12%").seen()).isEqualTo("fullest / 12% used (1 file systems)");
        assertThat(new SystemProbes.Disk(true, 90).evaluate("Mounted on     IUse%\n/ 3%").seen()).isEqualTo("fullest / 3% used (1 file systems)");
    }

    @Test
    void memoryFailsBelowTheAvailableShare() {
        Probe mem = new SystemProbes.Memory(5);
        assertThat(mem.evaluate("409600 4096000").status()).isEqualTo(CheckStatus.OK);
        CheckResult low = mem.evaluate("102400 4096000");
        assertThat(low.failed()).isTrue();
        assertThat(low.seen()).isEqualTo("100 MiB of 4000 MiB available (2%)");
        assertThat(mem.evaluate(" 4096000").failed()).isTrue();
    }

    @Test
    void thresholdsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new Thresholds(0, 90, 5, 60)).hasMessageContaining("diskPercent");
        assertThatThrownBy(() -> new Thresholds(90, 90, 5, -1)).hasMessageContaining("maxLagSeconds");
    }

    @Test
    void clockSaysWhatIsTrue() {
        Probe clock = new SystemProbes.Clock(true);
        // chronyc -n tracking as it answers, after the "chrony" line
        String tracking = "chrony\nReference ID    : 7F7F0101 ()\nStratum         : 10\nLeap status     : Normal";
        assertThat(clock.evaluate(tracking).status()).isEqualTo(CheckStatus.OK);
        assertThat(clock.evaluate(tracking.replace(": Normal", ": Not synchronised")).seen())
                .isEqualTo("not synchronised (chrony leap status Not synchronised)");
        assertThat(clock.evaluate("chrony\n506 Cannot talk to daemon").seen()).isEqualTo("chronyc does not answer: 506 Cannot talk to daemon");
        assertThat(clock.evaluate("chrony").seen()).isEqualTo("chronyc does not answer: nothing");
        assertThat(clock.evaluate("timedatectl:no").failed()).isTrue();
        assertThat(clock.evaluate("none").status()).isEqualTo(CheckStatus.INFO);
        CheckResult shared = new SystemProbes.Clock(false).evaluate("chrony\nLeap status     : Not synchronised");
        assertThat(shared.status()).isEqualTo(CheckStatus.INFO);
        assertThat(shared.seen()).isEqualTo("shares its machine's clock; not synchronised (chrony leap status Not synchronised)");
    }

    @Test
    void httpComparesTheStatus() {
        Probe http = new NetworkProbes.Http("10.0.0.5", 80, "/rolestack-health.php", 200);
        assertThat(http.evaluate("HTTP/1.1 200 OK").status()).isEqualTo(CheckStatus.OK);
        assertThat(http.evaluate("HTTP/1.1 502 Bad Gateway").message()).isEqualTo("expected HTTP 200, saw HTTP 502 (HTTP/1.1 502 Bad Gateway)");
        assertThat(http.evaluate("no answer").seen()).contains("no answer from 10.0.0.5:80");
        Probe page = new NetworkProbes.Http("10.0.0.5", 80, "/", 200, java.util.Optional.of("ok app="));
        assertThat(page.evaluate("HTTP/1.1 200 OK\nbody-match").seen()).isEqualTo("HTTP 200, body contains 'ok app='");
        assertThat(page.evaluate("HTTP/1.1 200 OK\nbody-miss").message())
                .isEqualTo("expected HTTP 200, body containing 'ok app=', saw HTTP 200, body without 'ok app='");
        assertThat(page.evaluate("HTTP/1.1 500 Oops\nbody-miss").seen()).isEqualTo("HTTP 500 (HTTP/1.1 500 Oops)");
    }

    @Test
    void memcachedAndRedisAnswers() {
        Probe stats = new NetworkProbes.MemcachedStats("10.0.0.4", 11211);
        assertThat(stats.evaluate("pid=812 uptime=35 curr_connections=2").seen()).isEqualTo("pid 812, up 35 s, 2 connections");
        assertThat(stats.evaluate("").seen()).isEqualTo("no stats answer from 10.0.0.4:11211");
        Probe ping = new NetworkProbes.RedisPing("10.0.0.6", 6379);
        assertThat(ping.evaluate("+PONG").status()).isEqualTo(CheckStatus.OK);
        assertThat(ping.evaluate("-NOAUTH Authentication required.").seen()).contains("NOAUTH");
    }

    @Test
    void replicaStatusNamesEveryProblem() {
        Probe repl = new MariaDbProbes.Replication(1, 60);
        String healthy = "replica\nMaster_Host=10.0.0.2\nSlave_IO_Running=Yes\nSlave_SQL_Running=Yes\nSeconds_Behind_Master=0\nMaster_SSL_Allowed=Yes\nLast_IO_Error=\nLast_SQL_Error=";
        assertThat(repl.evaluate(healthy).status()).isEqualTo(CheckStatus.OK);
        String broken = "replica\nMaster_Host=10.0.0.2\nSlave_IO_Running=Connecting\nSlave_SQL_Running=Yes\nSeconds_Behind_Master=NULL\n"
                + "Master_SSL_Allowed=No\nLast_IO_Error=error connecting to master 'repl@10.0.0.2:3306' - retry-time: 60\nLast_SQL_Error=";
        CheckResult r = repl.evaluate(broken);
        assertThat(r.failed()).isTrue();
        assertThat(r.seen()).contains("IO Connecting (error connecting to master").contains("lag unknown (NULL)")
                .contains("TLS not used").doesNotContain("SQL ");
        assertThat(repl.evaluate(healthy.replace("=0\n", "=61\n")).seen()).contains("lag 61 s");
    }

    @Test
    void primaryNeedsItsReplicasConnectedOverTls() {
        Probe repl = new MariaDbProbes.Replication(1, 60);
        assertThat(repl.evaluate("primary").seen()).isEqualTo("primary, 0 replica(s) connected");
        assertThat(repl.evaluate("primary").failed()).isTrue();
        assertThat(repl.evaluate("primary\nlink=10.0.0.3=").seen()).contains("10.0.0.3 without TLS");
        assertThat(repl.evaluate("primary\nlink=10.0.0.3=").failed()).isTrue();
        assertThat(new MariaDbProbes.Replication(0, 60).evaluate("primary").status()).isEqualTo(CheckStatus.OK);
        assertThat(repl.evaluate("error: ERROR 2002 (HY000): Can't connect").seen()).contains("mariadb does not answer: ERROR 2002");
    }

    @Test
    void readOnlyMatchesTheRoleTheServerHas() {
        Probe ro = new MariaDbProbes.ReadOnly();
        assertThat(ro.evaluate("1 1").status()).isEqualTo(CheckStatus.OK);
        assertThat(ro.evaluate("0 0").status()).isEqualTo(CheckStatus.OK);
        assertThat(ro.evaluate("0 1").message()).isEqualTo("expected ON (a replica), saw OFF");
        assertThat(ro.evaluate("1 0").message()).isEqualTo("expected OFF (the primary: no replication source), saw ON");
    }

    @Test
    void processNamesAreMatchedAsPrefixesLiterally() {
        assertThat(new SystemProbes.Process("php-fpm").command()).contains("'^php-fpm'");
        assertThat(new SystemProbes.Process("a.b").command()).contains("'^a\\.b'");
        assertThat(new SystemProbes.Process("a-very-long-process-name").command()).contains("'^a-very-long-pro'");
        assertThat(new SystemProbes.Process("nginx").evaluate("/proc/12/comm\n/proc/13/comm").seen()).isEqualTo("running (pid 12,13)");
        assertThat(new SystemProbes.Process("nginx").evaluate("grep: /proc: Permission denied").seen()).startsWith("unreadable output");
    }

    @Test
    void pendingUpdatesOnlyInform() {
        Probe p = new SystemProbes.PendingUpdates();
        assertThat(p.evaluate("0 0").seen()).isEqualTo("none");
        assertThat(p.evaluate("23 4").seen()).isEqualTo("23 upgradable, 4 of them security updates");
        assertThat(p.evaluate("23 4").status()).isEqualTo(CheckStatus.INFO);
        assertThat(p.evaluate("busy").status()).isEqualTo(CheckStatus.INFO);
        assertThat(p.evaluate("E: Could not open lock file").seen()).startsWith("apt cannot tell: ");
        assertThat(p.evaluate("garbage").failed()).isTrue();
    }
}
