package io.rolestack.platform.app;

import io.rolestack.app.deploy.AppOutcome;
import io.rolestack.app.deploy.ReleaseState;
import io.rolestack.core.result.Result;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one mapping of app reports to values ({@code rolestack app ... --json} and the rolestackAppDeploy step's
 * value): its keys, in order, and its values, from records as the deployer makes them.
 */
class AppValuesTest {
    static final String NEW = "0123456789abcdef";
    static final String OLD = "fedcba9876543210";

    static AppReport report() {
        AppOutcome deployed = new AppOutcome("wordpress", NEW, Optional.of(OLD), AppOutcome.Status.DEPLOYED, List.of(
                Result.changed("app1.production.wpdn", "ship " + NEW, "streamed 2.1 MiB", "").took(Duration.ofMillis(1500)),
                Result.ok("frontend1.production.wpdn", "site rolestack-app-wordpress", "as rendered")),
                "release " + NEW + " current on 2 host(s), healthy");
        AppOutcome failed = new AppOutcome("blog", NEW, Optional.empty(), AppOutcome.Status.FAILED, List.of(
                Result.failed("frontend1.production.wpdn", "health /", "answered 502 (want 200 with X-Rolestack-Release)")),
                "health failed: rolled back, release marked BAD");
        return new AppReport(List.of(deployed, failed));
    }

    @Test
    void aReportHasOkAndPerAppItsOutcomeAndPerHostItsResults() {
        Map<String, Object> v = AppValues.of(report());

        assertThat(v).containsOnlyKeys("ok", "apps").containsEntry("ok", false);
        List<Object> apps = list(v.get("apps"));
        assertThat(apps).hasSize(2);
        Map<String, Object> wp = map(apps.get(0));
        assertThat(wp.keySet()).containsExactly("app", "status", "release", "previous", "changed", "message", "results");
        assertThat(wp).containsEntry("app", "wordpress").containsEntry("status", "deployed").containsEntry("release", NEW)
                .containsEntry("previous", OLD).containsEntry("changed", 1L)
                .containsEntry("message", "release " + NEW + " current on 2 host(s), healthy");
        Map<String, Object> ship = map(list(wp.get("results")).get(0));
        assertThat(ship.keySet()).containsExactly("host", "operation", "status", "message", "diff", "seconds");
        assertThat(ship).containsEntry("host", "app1.production.wpdn").containsEntry("operation", "ship " + NEW)
                .containsEntry("status", "changed").containsEntry("message", "streamed 2.1 MiB").containsEntry("diff", "")
                .containsEntry("seconds", 1.5);
        Map<String, Object> blog = map(apps.get(1));
        assertThat(blog).containsEntry("status", "failed").containsEntry("previous", null).containsEntry("changed", 0L);
        assertThat(map(list(blog.get("results")).get(0))).containsEntry("status", "failed")
                .containsEntry("message", "answered 502 (want 200 with X-Rolestack-Release)");
        assertPlain(v);
    }

    @Test
    void aRollbackSaysRolledBackWithAnUnderscoreAsTheCliJsonAlwaysDid() {
        AppReport r = new AppReport(List.of(new AppOutcome("wordpress", OLD, Optional.of(NEW), AppOutcome.Status.ROLLED_BACK,
                List.of(), "rolled back to " + OLD)));
        Map<String, Object> app = map(list(AppValues.of(r).get("apps")).get(0));
        assertThat(app).containsEntry("status", "rolled_back").containsEntry("release", OLD).containsEntry("previous", NEW);
        assertThat(AppValues.of(r)).containsEntry("ok", true);
    }

    @Test
    void releasesArePerAppPerHostMostRecentlyCurrentFirstWithWhyABadOneIsBad() {
        long activated = Instant.parse("2026-12-07T03:00:00Z").getEpochSecond() * 1_000_000_000L + 123_456_789L;
        ReleaseState app1 = new ReleaseState("app1.production.wpdn", Optional.of(OLD), List.of(
                new ReleaseState.Release(NEW, 0, Optional.of("health failed: answered 502")),
                new ReleaseState.Release(OLD, activated, Optional.empty())));
        ReleaseState frontend1 = new ReleaseState("frontend1.production.wpdn", Optional.empty(), List.of());

        Map<String, Object> v = AppValues.releases(List.of(new AppReleases("wordpress", List.of(app1, frontend1))));

        assertThat(v).containsOnlyKeys("apps");
        Map<String, Object> wp = map(list(v.get("apps")).get(0));
        assertThat(wp.keySet()).containsExactly("app", "hosts");
        List<Object> hosts = list(wp.get("hosts"));
        Map<String, Object> h1 = map(hosts.get(0));
        assertThat(h1.keySet()).containsExactly("host", "current", "releases");
        assertThat(h1).containsEntry("host", "app1.production.wpdn").containsEntry("current", OLD);
        List<Object> releases = list(h1.get("releases"));
        assertThat(map(releases.get(0)).keySet()).containsExactly("id", "lastCurrent", "bad");
        assertThat(map(releases.get(0))).containsEntry("id", OLD).containsEntry("lastCurrent", "2026-12-07T03:00:00Z")
                .containsEntry("bad", null);
        assertThat(map(releases.get(1))).containsEntry("id", NEW).containsEntry("lastCurrent", null)
                .containsEntry("bad", "health failed: answered 502");
        assertThat(map(hosts.get(1))).containsEntry("current", null).containsEntry("releases", List.of());
        assertPlain(v);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    /** Only the types a Pipeline value may hold (the bridge's PipelineValues.requirePlain says the same). */
    static void assertPlain(Object value) {
        if (value == null || value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean) return;
        if (value instanceof LinkedHashMap<?, ?> m) {
            m.forEach((k, x) -> {
                assertThat(k).isInstanceOf(String.class);
                assertPlain(x);
            });
            return;
        }
        if (value instanceof ArrayList<?> l) {
            l.forEach(AppValuesTest::assertPlain);
            return;
        }
        throw new AssertionError("not a plain value: " + value.getClass().getName() + " " + value);
    }
}
