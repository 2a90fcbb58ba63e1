package io.rolestack.cli;

import io.rolestack.platform.heal.HealReport;
import io.rolestack.platform.heal.HealRequest;
import io.rolestack.platform.heal.HealStatus;
import io.rolestack.platform.heal.HostHeal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "heal", mixinStandardHelpOptions = true,
        description = {"Hard-reboots, through the provider API, the selected hosts that are dead: SSH from this machine "
                + "(through the jump host) and a TCP probe of their port 22 from the jump host both fail, N times in a row.",
                "Never reboots anything while the jump host is unreachable, reboots at most K hosts per run and a host "
                        + "at most once per interval (kept across runs), then waits for ACTIVE and SSH and checks again.",
                "Exit code: 0 every host healthy or healed, 1 a host still dead, suspect, refused or failed, 2 bad input.",
                "Example: rolestack heal -f SPEC --attempts 3 --every 10s --max-reboots 1 --min-interval 30m"})
final class HealCommand implements Callable<Integer> {
    @Mixin
    SpecFile spec;
    @Mixin
    Output output;
    @Mixin
    PlatformArguments platform;

    @Option(names = "--attempts", paramLabel = "N", defaultValue = "3",
            description = "Probes in a row that must all fail before a host is dead (default ${DEFAULT-VALUE}).")
    int attempts;

    @Option(names = "--every", paramLabel = "DURATION", defaultValue = "10s",
            description = "Pause between two probes of a host (default ${DEFAULT-VALUE}; 500ms, 10s, 30m, 2h, 1d).")
    String every;

    @Option(names = "--max-reboots", paramLabel = "K", defaultValue = "1",
            description = "Hosts rebooted at most in this run; 0 only reports (default ${DEFAULT-VALUE}).")
    int maxReboots;

    @Option(names = "--min-interval", paramLabel = "DURATION", defaultValue = "1h",
            description = "A host is rebooted at most once per this interval, across runs (default ${DEFAULT-VALUE}).")
    String minInterval;

    @Option(names = "--probe-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "One probe's connect and command timeout (default ${DEFAULT-VALUE}).")
    String probeTimeout;

    @Option(names = "--back-timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long a rebooted host may take to answer SSH again (default ${DEFAULT-VALUE}).")
    String backTimeout;

    @Option(names = "--reboot-log", paramLabel = "FILE",
            description = "Where the last reboot of each host is kept (default: the local environment's state directory, "
                    + "else ~/.config/rolestack/state/ENV/heal-reboots).")
    Path rebootLog;

    @Override
    public Integer call() {
        // Checked before the platform is opened: bad numbers or durations touch nothing.
        HealRequest request = new HealRequest(attempts, HealRequest.duration("--every", every), maxReboots,
                HealRequest.duration("--min-interval", minInterval), HealRequest.duration("--probe-timeout", probeTimeout),
                HealRequest.duration("--back-timeout", backTimeout), java.util.Optional.ofNullable(rebootLog));
        HealReport report = platform.open(spec, output).heal(request);
        PrintWriter w = output.out();
        if (output.json) {
            w.println(Json.write(report.hosts().stream().map(HealCommand::asMap).toList()));
        } else {
            Table t = new Table("HOST", "STATUS", "FAILED PROBES", "MESSAGE");
            for (HostHeal h : report.hosts()) {
                t.row(h.shortName(), h.status().label(), h.failedProbes() + "/" + h.probes(), h.message());
            }
            t.print(w);
            w.printf("%d host(s): %d healthy, %d rebooted, %d suspect, %d refused, %d failed%n", report.hosts().size(),
                    report.count(HealStatus.HEALTHY), report.count(HealStatus.REBOOTED), report.count(HealStatus.SUSPECT),
                    report.count(HealStatus.REFUSED), report.count(HealStatus.FAILED));
        }
        w.flush();
        return report.exitCode();
    }

    private static Map<String, Object> asMap(HostHeal h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", h.host());
        m.put("status", h.status().label());
        m.put("failedProbes", h.failedProbes());
        m.put("probes", h.probes());
        m.put("message", h.message());
        return m;
    }
}
