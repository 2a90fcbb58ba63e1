package io.rolestack.core.spec;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashedCronTest {
    @Test
    void anExpressionWithoutHIsLeftAsItIs() {
        assertThat(HashedCron.resolve("0 3 * * SUN", "production/patching")).isEqualTo("0 3 * * SUN");
        assertThat(HashedCron.resolve(" 0  3 1,15 * 1-5 ", "x")).isEqualTo("0 3 1,15 * 1-5");
    }

    @Test
    void hIsTheSameValueOnEveryRunAndPinnedAcrossVersions() {
        String first = HashedCron.resolve("H H * * 0", "production/patching");
        for (int i = 0; i < 5; i++) assertThat(HashedCron.resolve("H H * * 0", "production/patching")).isEqualTo(first);
        // Pinned, computed outside Java from the documented rule (python3: the first 8 bytes of
        // sha256(b"production/patching#0") as a signed big-endian integer, mod 60 -> 51; "#1" mod 24 -> 12,
        // mod 8 -> 4). A change of the rule would move every installed watch's patch window: docs/watch.md names it.
        assertThat(first).isEqualTo("51 12 * * 0");
        assertThat(HashedCron.resolve("H 3 * * 0", "production/patching")).isEqualTo("51 3 * * 0");
        assertThat(HashedCron.resolve("H H(0-7) * * *", "production/patching")).isEqualTo("51 4 * * *");
    }

    @Test
    void differentEnvironmentsSpreadOverTheHour() {
        Set<String> minutes = new HashSet<>();
        for (String env : new String[] {"production", "staging", "test", "demo", "qa", "dev"}) {
            String r = HashedCron.resolve("H 3 * * 0", env + "/patching");
            assertThat(r).endsWith(" 3 * * 0");
            minutes.add(r.split(" ")[0]);
        }
        assertThat(minutes).hasSizeGreaterThan(1);
    }

    @Test
    void hStaysInJenkinsRanges() {
        for (int i = 0; i < 300; i++) {
            String[] f = HashedCron.resolve("H H H H H", "env" + i + "/patching").split(" ");
            assertThat(Integer.parseInt(f[0])).isBetween(0, 59);
            assertThat(Integer.parseInt(f[1])).isBetween(0, 23);
            assertThat(Integer.parseInt(f[2])).as("day of month exists in every month").isBetween(1, 28);
            assertThat(Integer.parseInt(f[3])).isBetween(1, 12);
            assertThat(Integer.parseInt(f[4])).as("0-6: 7 would be Sunday twice").isBetween(0, 6);
            String[] r = HashedCron.resolve("H(10-20) H(0-7) * * *", "env" + i + "/patching").split(" ");
            assertThat(Integer.parseInt(r[0])).isBetween(10, 20);
            assertThat(Integer.parseInt(r[1])).isBetween(0, 7);
        }
    }

    @Test
    void hWithAStepStartsAtAHashedOffsetBelowTheStep() {
        String m = HashedCron.resolve("H/15 * * * *", "production/patching").split(" ")[0];
        assertThat(m).matches("\\d{1,2}-59/15");
        assertThat(Integer.parseInt(m.substring(0, m.indexOf('-')))).isBetween(0, 14);
        String r = HashedCron.resolve("H(0-29)/10 * * * *", "production/patching").split(" ")[0];
        assertThat(r).matches("\\d-29/10");
    }

    @Test
    void badHFormsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> HashedCron.resolve("H(20-10) * * * *", "p")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minute 'H(20-10)'");
        assertThatThrownBy(() -> HashedCron.resolve("* H(0-30) * * *", "p")).hasMessageContaining("hour 'H(0-30)': range must lie within 0-23");
        assertThatThrownBy(() -> HashedCron.resolve("H/0 * * * *", "p")).hasMessageContaining("step must be between 1 and 60");
        assertThatThrownBy(() -> HashedCron.resolve("H/61 * * * *", "p")).hasMessageContaining("step must be between 1 and 60");
        assertThatThrownBy(() -> HashedCron.resolve("HH * * * *", "p")).hasMessageContaining("H must be H, H(a-b), H/n or H(a-b)/n");
        assertThatThrownBy(() -> HashedCron.resolve("H 3 * *", "p")).hasMessageContaining("must have 5 cron fields");
    }

    @Test
    void theSpecsValidationChecksHTheWayWatchResolvesIt() {
        assertThat(CronSchedules.check("H H(0-7) * * SUN")).isEmpty();
        assertThat(CronSchedules.check("H/15 H * * 1-5")).isEmpty();
        assertThat(CronSchedules.check("* H(0-30) * * *")).contains("hour 'H(0-30)': range must lie within 0-23, low end first");
        assertThat(CronSchedules.check("H/0 3 * * *")).contains("minute 'H/0': step must be between 1 and 60");
        assertThat(CronSchedules.check("0 3 * *")).contains("must have 5 cron fields (minute hour day month weekday; H allowed), has 4");
        assertThat(CronSchedules.check("61 3 * * *")).isPresent();
    }
}
