package io.rolestack.jenkins.bridge;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a step ends with: the CLI's exit code, the {@link Verdict}, one line for
 * the build log and the failure, and the value the step returns to the Pipeline
 * (which also holds {@code exitCode}, {@code verdict} and {@code message}).
 *
 * <p>It crosses back from the agent as a plain map ({@link #toMap()}), so the
 * controller's class filter only ever sees JDK types.
 */
public record StepOutcome(int exitCode, Verdict verdict, String message, Map<String, Object> value) {
    public StepOutcome {
        value = new LinkedHashMap<>(value);
        value.put("exitCode", exitCode);
        value.put("verdict", verdict.name());
        value.put("message", message);
    }

    public static StepOutcome of(int exitCode, boolean unstableOnFailure, String message, Map<String, Object> value) {
        return new StepOutcome(exitCode, Verdict.of(exitCode, unstableOnFailure), message, value);
    }

    public boolean failed() {
        return verdict == Verdict.FAILURE;
    }

    public boolean unstable() {
        return verdict == Verdict.UNSTABLE;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exitCode", exitCode);
        m.put("verdict", verdict.name());
        m.put("message", message);
        m.put("value", new LinkedHashMap<>(value));
        return m;
    }

    @SuppressWarnings("unchecked")
    public static StepOutcome fromMap(Map<String, Object> m) {
        return new StepOutcome((Integer) m.get("exitCode"), Verdict.valueOf((String) m.get("verdict")), (String) m.get("message"),
                (Map<String, Object>) m.get("value"));
    }
}
