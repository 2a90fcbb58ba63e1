package io.rolestack.platform.app;

import io.rolestack.app.deploy.AppOutcome;

import java.util.List;

/** One outcome per app deployed or rolled back; exit code 0 when none failed, else 1. */
public record AppReport(List<AppOutcome> apps) {
    public AppReport {
        apps = List.copyOf(apps);
    }

    public boolean ok() {
        return apps.stream().allMatch(AppOutcome::ok);
    }

    public int exitCode() {
        return ok() ? 0 : 1;
    }
}
