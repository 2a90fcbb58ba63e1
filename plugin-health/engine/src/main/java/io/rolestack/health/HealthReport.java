package io.rolestack.health;

import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;

import java.util.List;

/** The health of every checked host, in the spec's order. */
public record HealthReport(List<HostHealth> hosts) {
    public HealthReport {
        hosts = List.copyOf(hosts);
    }

    public boolean healthy() {
        return hosts.stream().allMatch(HostHealth::healthy);
    }

    /** 0 when every check of every host is ok or info, 1 otherwise. */
    public int exitCode() {
        return healthy() ? 0 : 1;
    }

    public long count(CheckStatus s) {
        return hosts.stream().flatMap(h -> h.checks().stream()).filter(c -> c.status() == s).count();
    }

    /** As platform results: one per host and check, ok (ok and info) or failed with "expected …, saw …". */
    public RunSummary summary() {
        return new RunSummary(hosts.stream().flatMap(h -> h.checks().stream().map(c -> c.failed()
                ? Result.failed(h.host(), "health " + c.name(), c.message())
                : Result.ok(h.host(), "health " + c.name(), c.seen()))).toList());
    }
}
