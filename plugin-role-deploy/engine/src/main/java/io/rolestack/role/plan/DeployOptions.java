package io.rolestack.role.plan;

import io.rolestack.core.events.Progress;
import io.rolestack.role.ops.Capability;

import java.util.Objects;
import java.util.Set;

/**
 * How a run goes.
 *
 * @param limit        which hosts
 * @param parallelism  hosts worked on at once (default 4: the work is waiting on hosts, not CPU)
 * @param capabilities what the hosts allow ({@link Capability}); a host found to share this machine's
 *                     kernel loses own-kernel and clock whatever is asked here
 * @param progress     per-host progress
 */
public record DeployOptions(Limit limit, int parallelism, Set<String> capabilities, Progress progress) {
    public static final int DEFAULT_PARALLELISM = 4;

    public DeployOptions {
        Objects.requireNonNull(limit, "limit");
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        capabilities = Set.copyOf(capabilities);
        progress = progress == null ? Progress.NONE : progress;
    }

    /** Real VMs (OpenStack): every capability. */
    public static DeployOptions forRealVms() {
        return new DeployOptions(Limit.all(), DEFAULT_PARALLELISM, Capability.REAL_VM, Progress.NONE);
    }

    /** The local namespaced hosts: shared kernel and clock, no vendor repositories. */
    public static DeployOptions forLocalHosts() {
        return new DeployOptions(Limit.all(), DEFAULT_PARALLELISM, Capability.LOCAL_HOST, Progress.NONE);
    }

    public DeployOptions withLimit(Limit l) {
        return new DeployOptions(l, parallelism, capabilities, progress);
    }

    public DeployOptions withParallelism(int n) {
        return new DeployOptions(limit, n, capabilities, progress);
    }

    public DeployOptions withProgress(Progress p) {
        return new DeployOptions(limit, parallelism, capabilities, p);
    }
}
