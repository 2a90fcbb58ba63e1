package io.rolestack.health.probe;

import io.rolestack.health.CheckResult;
import io.rolestack.health.CheckStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Verdicts on what {@code monit -B summary} (Monit 5.33) prints. */
class MonitStatusTest {
    final MonitStatus monit = new MonitStatus();

    static String summary(String... rows) {
        StringBuilder s = new StringBuilder("Monit 5.33.0 uptime: 3m\n Service Name                     Status                      Type          \n"
                + " memcache1                        OK                          System        \n");
        for (String r : rows) s.append(' ').append(r).append('\n');
        return s.toString();
    }

    @Test
    void everyServiceOkIsHealthyAndNamesWhatIsWatched() {
        CheckResult r = monit.evaluate(summary("memcached                        OK                          Process       "));
        assertThat(r.status()).isEqualTo(CheckStatus.OK);
        assertThat(r.seen()).isEqualTo("running, watching memcached");
        assertThat(monit.evaluate(summary("nginx   Initializing   Process")).status()).isEqualTo(CheckStatus.OK);
    }

    @Test
    void aServiceMonitGaveUpOnIsNamedSoItCanBeReArmed() {
        CheckResult r = monit.evaluate(summary("memcached                        Not monitored               Process       ",
                "php8.2-fpm                       Does not exist              Process       "));
        assertThat(r.failed()).isTrue();
        assertThat(r.seen()).isEqualTo(MonitStatus.UNMONITORED + "memcached (Monit's last cycle saw: php8.2-fpm Does not exist)");
    }

    @Test
    void whatMonitLastSawIsShownButOnlyASilentMonitFails() {
        // Right after Monit restarted it, a service still reads "Does not exist": the run's own process check judges it.
        CheckResult restarting = monit.evaluate(summary("nginx   Execution failed | Does not exist   Process"));
        assertThat(restarting.status()).isEqualTo(CheckStatus.OK);
        assertThat(restarting.seen()).isEqualTo("running, watching nginx (Monit's last cycle saw: nginx Execution failed | Does not exist)");
        assertThat(monit.evaluate("Monit: cannot read status from the monit daemon").seen())
                .isEqualTo("not answering: Monit: cannot read status from the monit daemon");
        assertThat(monit.evaluate("not installed").failed()).isTrue();
    }
}
