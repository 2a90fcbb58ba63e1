package io.rolestack.jenkins.bridge;

/**
 * What a step does with its outcome, by the CLI's exit-code contract:
 * 0 (every host ok/changed) succeeds; 1 (something failed) fails the step, or
 * only marks the build unstable when {@code unstableOnFailure} is set; 2 (bad
 * input: nothing was touched) always fails it, since retrying cannot help.
 */
public enum Verdict {
    SUCCESS, UNSTABLE, FAILURE;

    public static Verdict of(int exitCode, boolean unstableOnFailure) {
        return switch (exitCode) {
            case 0 -> SUCCESS;
            case 1 -> unstableOnFailure ? UNSTABLE : FAILURE;
            default -> FAILURE;
        };
    }
}
