package io.rolestack.health;

import java.util.Objects;

/**
 * One check on one host.
 *
 * @param name     what was checked ({@code tcp 11211}, {@code process memcached}, {@code disk /})
 * @param status   ok, failed or info
 * @param expected what a healthy host shows ({@code open}, {@code < 90% used})
 * @param seen     what the host showed, one line
 */
public record CheckResult(String name, CheckStatus status, String expected, String seen) {
    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        expected = expected == null ? "" : expected;
        seen = seen == null ? "" : seen;
    }

    public static CheckResult ok(String name, String expected, String seen) {
        return new CheckResult(name, CheckStatus.OK, expected, seen);
    }

    public static CheckResult failed(String name, String expected, String seen) {
        return new CheckResult(name, CheckStatus.FAILED, expected, seen);
    }

    public static CheckResult info(String name, String seen) {
        return new CheckResult(name, CheckStatus.INFO, "", seen);
    }

    public boolean failed() {
        return status == CheckStatus.FAILED;
    }

    /** For people and JUnit: "expected open, saw closed". */
    public String message() {
        return "expected " + expected + ", saw " + seen;
    }
}
