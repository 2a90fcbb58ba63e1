package io.rolestack.role.plan;

import io.rolestack.core.result.Result;
import io.rolestack.core.result.Status;

import java.time.Duration;
import java.util.List;

/** What a run did (or would do) on one host: every operation's result, in order. */
public record HostReport(String host, List<String> roles, List<Result> results, Duration took) {
    public HostReport {
        roles = List.copyOf(roles);
        results = List.copyOf(results);
    }

    public Status status() {
        return results.stream().map(Result::status).reduce(Status.OK, Status::and);
    }

    public List<Result> changed() {
        return results.stream().filter(Result::changed).toList();
    }

    public List<Result> failed() {
        return results.stream().filter(Result::failed).toList();
    }
}
