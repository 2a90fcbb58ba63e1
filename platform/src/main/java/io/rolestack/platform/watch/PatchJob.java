package io.rolestack.platform.watch;

import io.rolestack.patch.HostPatch;
import io.rolestack.patch.PatchReport;

import java.util.Objects;
import java.util.function.Supplier;

/** The spec's {@code patching.schedule}: a patch run ({@code rolestack patch}) over the watcher's hosts. */
public final class PatchJob implements ScheduledJob {
    /** The spec block's name: the job's key in the state file and in {@code H}'s seed. */
    public static final String NAME = "patching";

    private final JobTiming timing;
    private final Supplier<PatchReport> patch;

    /** @param patch one patch run (the platform's {@code patch(request)}) */
    public PatchJob(JobTiming timing, Supplier<PatchReport> patch) {
        this.timing = Objects.requireNonNull(timing, "timing");
        this.patch = Objects.requireNonNull(patch, "patch");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JobTiming timing() {
        return timing;
    }

    @Override
    public JobOutcome run() {
        PatchReport r = patch.get();
        return new JobOutcome(r.ok(), summary(r));
    }

    static String summary(PatchReport r) {
        long patched = r.hosts().stream().filter(h -> h.outcome() == HostPatch.Outcome.PATCHED).count();
        long upToDate = r.hosts().stream().filter(h -> h.outcome() == HostPatch.Outcome.UP_TO_DATE).count();
        long rebooted = r.hosts().stream().filter(h -> h.reboot() && h.outcome() == HostPatch.Outcome.PATCHED).count();
        long bad = r.hosts().stream().filter(h -> h.outcome().bad()).count();
        StringBuilder b = new StringBuilder(r.ok() ? "patch ok: " : "patch failed: ")
                .append(r.hosts().size()).append(" host(s), ").append(patched).append(" patched (").append(rebooted)
                .append(" rebooted), ").append(upToDate).append(" up to date, ").append(bad).append(" stopped or failed");
        r.stoppedAt().ifPresent(s -> b.append("; roll stopped at ").append(s));
        r.hosts().stream().filter(h -> h.outcome().bad() && h.outcome() != HostPatch.Outcome.NOT_STARTED).findFirst()
                .ifPresent(h -> b.append("; ").append(h.shortName()).append(": ").append(h.message()));
        return b.toString();
    }
}
