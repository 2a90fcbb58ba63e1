package io.rolestack.platform.heal;

import io.rolestack.core.result.RunSummary;

import java.util.List;

/** Every selected host's heal result, in the spec's order. */
public record HealReport(List<HostHeal> hosts) {
    public HealReport {
        hosts = List.copyOf(hosts);
    }

    public long count(HealStatus status) {
        return hosts.stream().filter(h -> h.status() == status).count();
    }

    /** 0 when every host is healthy or was healed, 1 when one is still dead, suspect, refused or failed. */
    public int exitCode() {
        return hosts.stream().allMatch(h -> h.status().fine()) ? 0 : 1;
    }

    public RunSummary summary() {
        return new RunSummary(hosts.stream().map(HostHeal::toResult).toList());
    }
}
