package io.rolestack.platform.deploy;

import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;
import io.rolestack.role.plan.DeployReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a plan or an apply did, in the order the data flows.
 *
 * @param applied  false for a plan (nothing was changed)
 * @param hosts    one result per host the provider created or would create
 * @param roles    per host, the role operations (with diffs)
 * @param database MariaDB replication, when the spec has a database and the run reached it
 */
public record DeployOutcome(boolean applied, List<Result> hosts, DeployReport roles, Optional<RunSummary> database) {
    public DeployOutcome {
        hosts = List.copyOf(hosts);
    }

    /** Every result of the run: hosts, roles, database. Its exit code is the run's. */
    public RunSummary summary() {
        List<Result> all = new ArrayList<>(hosts);
        all.addAll(roles.summary().results());
        database.ifPresent(d -> all.addAll(d.results()));
        return new RunSummary(all);
    }
}
