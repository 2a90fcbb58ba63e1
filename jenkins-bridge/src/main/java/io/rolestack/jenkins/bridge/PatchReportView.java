package io.rolestack.jenkins.bridge;

import io.rolestack.health.CheckResult;
import io.rolestack.health.HostHealth;
import io.rolestack.patch.HostPatch;
import io.rolestack.patch.PackageUpgrade;
import io.rolestack.patch.PatchReport;
import io.rolestack.platform.patch.PatchValues;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A patch report as {@code rolestackPatch} shows it: the CLI's table as one log
 * line per host, then {@link PatchValues#outcomeLines} ({@link PatchValues#summary} is the one-line summary),
 * and the report with every text masked (for the archived JUnit file).
 */
final class PatchReportView {
    private PatchReportView() {
    }

    /** What {@code rolestack patch} prints above its summary, one line per host, then where the roll stopped and why. */
    static List<String> lines(PatchReport r) {
        List<String> out = new ArrayList<>();
        for (HostPatch h : r.hosts()) {
            String upgrades = h.upgrades().isEmpty() ? "-" : String.join(", ", h.upgrades().stream().map(PackageUpgrade::toString).toList());
            if (r.dryRun()) {
                out.add("wave " + h.wave() + " " + h.shortName() + " (" + h.role() + "): "
                        + (h.outcome().bad() ? "failed: " + h.message() : "upgradable " + upgrades) + "; reboot " + (h.reboot() ? "likely" : "no"));
            } else {
                out.add("wave " + h.wave() + " " + h.shortName() + ": " + h.outcome().label() + "; upgraded " + upgrades
                        + "; restarted " + (h.restarted().isEmpty() ? "-" : String.join(", ", h.restarted()))
                        + "; rebooted " + (h.reboot() ? "yes" : "no") + "; health before " + HostPatch.describe(h.before())
                        + ", after " + HostPatch.describe(h.after())
                        + String.format(Locale.ROOT, "; %.1f s", h.took().toMillis() / 1000.0));
            }
        }
        out.addAll(PatchValues.outcomeLines(r));
        return out;
    }

    /** The report with every text masked: the JUnit file is archived by Jenkins, as the value is. */
    static PatchReport masked(PatchReport r, Masker m) {
        List<HostPatch> hosts = r.hosts().stream().map(h -> new HostPatch(m.mask(h.host()), m.mask(h.role()), h.wave(), h.outcome(),
                h.upgrades().stream().map(u -> new PackageUpgrade(m.mask(u.name()), m.mask(u.from()), m.mask(u.to()))).toList(),
                masked(h.keptBack(), m), masked(h.restarted(), m), h.reboot(), masked(h.before(), m), masked(h.after(), m),
                h.took(), m.mask(h.message()))).toList();
        return new PatchReport(hosts, r.dryRun(), r.stoppedAt().map(m::mask), masked(r.notes(), m));
    }

    private static List<String> masked(List<String> texts, Masker m) {
        return texts.stream().map(m::mask).toList();
    }

    private static Optional<HostHealth> masked(Optional<HostHealth> health, Masker m) {
        return health.map(h -> new HostHealth(m.mask(h.host()), h.checks().stream()
                .map(c -> new CheckResult(m.mask(c.name()), c.status(), m.mask(c.expected()), m.mask(c.seen()))).toList()));
    }
}
