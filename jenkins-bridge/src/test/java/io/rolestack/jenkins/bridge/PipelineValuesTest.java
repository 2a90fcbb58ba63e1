package io.rolestack.jenkins.bridge;

import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineValuesTest {
    private final RunSummary run = new RunSummary(List.of(
            Result.ok("app1.production.wpdn", "package nginx", "").took(Duration.ofMillis(1500)),
            Result.changed("app1.production.wpdn", "file /etc/nginx/nginx.conf", "rewritten", "--- a\n+++ b\n"),
            Result.failed("db2.production.wpdn", "service mariadb", "not running"),
            Result.ok("db2.production.wpdn", "package mariadb-server", "")));

    @Test
    void resultsAreMapsWithTheCliJsonKeys() {
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) PipelineValues.results(run.results()).get(1);
        assertThat(first).containsExactly(Map.entry("host", "app1.production.wpdn"), Map.entry("operation", "file /etc/nginx/nginx.conf"),
                Map.entry("status", "changed"), Map.entry("changed", true), Map.entry("failed", false),
                Map.entry("message", "rewritten"), Map.entry("diff", "--- a\n+++ b\n"), Map.entry("millis", 0));
    }

    @Test
    void perHostAndSummary() {
        Map<String, Object> v = PipelineValues.run(run);
        assertThat(v.get("summary")).isEqualTo(Map.of("ok", 2, "changed", 1, "failed", 1, "hosts", 2));
        assertThat(v.get("hosts")).isEqualTo(List.of(
                Map.of("host", "app1.production.wpdn", "status", "changed", "changed", true, "message", "1 ok, 1 changed"),
                Map.of("host", "db2.production.wpdn", "status", "failed", "changed", false, "message", "service mariadb: not running")));
        PipelineValues.requirePlain(v, "run");
    }

    @Test
    void onlyPlainSerializableTypesPass() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("took", Duration.ZERO);
        assertThatThrownBy(() -> PipelineValues.requirePlain(bad, "v")).hasMessage("v.took: not a plain Pipeline value: java.time.Duration");
        assertThatThrownBy(() -> PipelineValues.requirePlain(List.of("x"), "v")).hasMessageContaining("not a plain Pipeline value");
        List<Object> ok = new ArrayList<>(List.of("a", 1, true));
        ok.add(null);
        PipelineValues.requirePlain(ok, "v");
    }

    @Test
    void maskingReachesEveryString() {
        Map<String, Object> v = PipelineValues.run(new RunSummary(List.of(Result.failed("app1", "exec cat x", "printed hunter2-secret"))));
        Object masked = PipelineValues.masked(v, Masker.of(List.of("hunter2-secret")));
        assertThat(masked.toString()).doesNotContain("hunter2-secret").contains("printed ****");
        PipelineValues.requirePlain(masked, "masked");
    }
}
