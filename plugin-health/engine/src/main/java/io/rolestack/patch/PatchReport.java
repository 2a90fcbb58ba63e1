package io.rolestack.patch;

import java.util.List;
import java.util.Optional;

/**
 * A patch run: every selected host in roll order, where the roll stopped and
 * why, and what happened to the lock.
 *
 * @param dryRun    only pending updates were read
 * @param stoppedAt the host (fqdn) the roll stopped at, with why, when it stopped
 * @param notes     lock events (an expired lock broken) and such, for the reader
 */
public record PatchReport(List<HostPatch> hosts, boolean dryRun, Optional<String> stoppedAt, List<String> notes) {
    public PatchReport {
        hosts = List.copyOf(hosts);
        notes = List.copyOf(notes);
    }

    /** Every host patched (or up to date) and healthy, and nothing stopped the roll (a drained host not put back). */
    public boolean ok() {
        return stoppedAt.isEmpty() && hosts.stream().noneMatch(h -> h.outcome().bad());
    }

    /** 0: every host patched (or up to date) and healthy and back in service, or the dry run read every host; 1 otherwise. */
    public int exitCode() {
        return ok() ? 0 : 1;
    }

    public PatchReport withNote(String note) {
        List<String> n = new java.util.ArrayList<>(notes);
        n.add(note);
        return new PatchReport(hosts, dryRun, stoppedAt, n);
    }
}
