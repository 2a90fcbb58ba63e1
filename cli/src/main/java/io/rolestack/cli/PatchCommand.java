package io.rolestack.cli;

import io.rolestack.patch.HostPatch;
import io.rolestack.patch.PackageUpgrade;
import io.rolestack.patch.PatchJUnitReport;
import io.rolestack.patch.PatchReport;
import io.rolestack.platform.patch.PatchRequest;
import io.rolestack.platform.patch.PatchValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "patch", mixinStandardHelpOptions = true,
        description = {"Applies every selected host's updates, rolling and health-gated: per host apt-get update and a "
                + "non-interactive dist-upgrade keeping existing config files (held packages stay; the dpkg lock is waited for), "
                + "services using upgraded libraries restarted by needrestart when installed, a reboot when "
                + "/var/run/reboot-required exists, then the host's health checks must pass (and keep passing for "
                + "patching.settle) before the next host starts.",
                "Order: roles in the spec's order, the database and then the jump host last; patching.concurrency hosts "
                        + "of a role at once (default 1). The first unhealthy or failed host stops the roll; later hosts are untouched.",
                "One run per environment: a lock on the jump host names its holder; it expires after patching.lockTtl.",
                "Exit code: 0 every host patched (or up to date) and healthy, 1 the roll stopped or a host failed, 2 bad input.",
                "Example: rolestack patch -f SPEC --dry-run"})
final class PatchCommand implements Callable<Integer> {
    @Mixin
    SpecFile spec;
    @Mixin
    Output output;
    @Mixin
    PlatformArguments platform;

    @Option(names = "--dry-run", description = "Only list per host the upgradable packages (from -> to) and whether a reboot "
            + "would follow; change nothing but apt's package lists.")
    boolean dryRun;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write JUnit XML there (one testcase per host), for Jenkins' junit step.")
    Path junit;

    @Option(names = "--health-timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "How long a patched host gets to pass its health checks (default ${DEFAULT-VALUE}).")
    int healthTimeout;

    @Option(names = "--dpkg-lock-wait", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long apt waits for a dpkg lock another process holds (default ${DEFAULT-VALUE}).")
    int dpkgLockWait;

    @Override
    public Integer call() {
        PatchRequest request = new PatchRequest(dryRun, Duration.ofSeconds(healthTimeout), Duration.ofSeconds(dpkgLockWait));
        PatchReport report = platform.open(spec, output).patch(request);
        if (junit != null) PatchJUnitReport.write(report, junit);
        PrintWriter w = output.out();
        if (output.json) {
            w.println(Json.write(PatchValues.of(report)));
        } else {
            print(report, w);
        }
        w.flush();
        return report.exitCode();
    }

    static void print(PatchReport report, PrintWriter w) {
        Table t = report.dryRun()
                ? new Table("WAVE", "HOST", "ROLE", "UPGRADABLE", "REBOOT")
                : new Table("WAVE", "HOST", "OUTCOME", "UPGRADED", "RESTARTED", "REBOOTED", "HEALTH BEFORE", "HEALTH AFTER", "TOOK");
        for (HostPatch h : report.hosts()) {
            String upgrades = h.upgrades().isEmpty() ? "-" : String.join(", ", h.upgrades().stream().map(PackageUpgrade::toString).toList());
            if (report.dryRun()) {
                t.row(String.valueOf(h.wave()), h.shortName(), h.role(), h.outcome().bad() ? "failed: " + h.message() : upgrades,
                        h.reboot() ? "likely" : "no");
            } else {
                t.row(String.valueOf(h.wave()), h.shortName(), h.outcome().label(), upgrades,
                        h.restarted().isEmpty() ? "-" : String.join(", ", h.restarted()), h.reboot() ? "yes" : "no",
                        HostPatch.describe(h.before()), HostPatch.describe(h.after()),
                        String.format(Locale.ROOT, "%.1f s", h.took().toMillis() / 1000.0));
            }
        }
        t.print(w);
        PatchValues.outcomeLines(report).forEach(w::println);
        w.println(PatchValues.summary(report));
    }
}
