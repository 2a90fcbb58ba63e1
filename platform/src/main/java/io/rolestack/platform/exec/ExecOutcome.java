package io.rolestack.platform.exec;

import io.rolestack.core.result.RunSummary;

import java.util.List;

/** The command's output per host, in the order of the spec's hosts. */
public record ExecOutcome(ExecRequest request, List<HostOutput> hosts) {
    public ExecOutcome {
        hosts = List.copyOf(hosts);
    }

    public RunSummary summary() {
        return new RunSummary(hosts.stream().map(h -> h.toResult(request.command())).toList());
    }

    /** 0 when the command exited 0 on every host. */
    public int exitCode() {
        return summary().exitCode();
    }
}
