package io.rolestack.cli;

import io.rolestack.health.CheckResult;
import io.rolestack.health.CheckStatus;
import io.rolestack.health.HealthReport;
import io.rolestack.health.HostHealth;
import io.rolestack.health.junit.JUnitReport;
import io.rolestack.platform.InvalidRequestException;
import io.rolestack.platform.health.HealthRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "health", mixinStandardHelpOptions = true,
        description = {"Checks the selected hosts as their roles declare: ports, processes, HTTP, memcached, redis, "
                + "MariaDB replication, and on every host disk, inodes, memory, clock and a pending reboot.",
                "Every check of a host runs in one SSH round trip; hosts are checked at once, through the jump host. "
                        + "An unreachable host fails alone (check 'ssh'); the others are still reported.",
                "Services Monit gave up on (left unmonitored after repeated restarts) are re-armed (monit monitor all) "
                        + "and reported, unless --report-only. With --restart, a watched service whose process or port "
                        + "check failed is restarted (at most once per --restart-interval, remembered on the host), "
                        + "and the host is checked again: the report shows the action, then the checks after it.",
                "Exit code: 0 every check ok (or information only), 1 something unhealthy, 2 bad input.",
                "Example: rolestack health -f SPEC --junit health.xml"})
final class HealthCommand implements Callable<Integer> {
    @Mixin
    SpecFile spec;
    @Mixin
    Output output;
    @Mixin
    PlatformArguments platform;

    @Option(names = "--junit", paramLabel = "FILE",
            description = "Also write JUnit XML there (one testcase per host and check), for Jenkins' junit step.")
    Path junit;

    @Option(names = "--max-disk", paramLabel = "PERCENT", defaultValue = "90",
            description = "Fail when a file system is this full or fuller (default ${DEFAULT-VALUE}).")
    int maxDisk;

    @Option(names = "--max-inodes", paramLabel = "PERCENT", defaultValue = "90",
            description = "Fail when a file system uses this share of its inodes or more (default ${DEFAULT-VALUE}).")
    int maxInodes;

    @Option(names = "--min-memory", paramLabel = "PERCENT", defaultValue = "5",
            description = "Fail when less memory than this share is available (default ${DEFAULT-VALUE}).")
    int minMemory;

    @Option(names = "--max-lag", paramLabel = "SECONDS", defaultValue = "60",
            description = "Fail a replica this far behind its primary or further (default ${DEFAULT-VALUE}).")
    int maxLag;

    @Option(names = "--restart", description = "Restart failed services once, then check again.")
    boolean restart;

    @Option(names = "--restart-interval", paramLabel = "MINUTES", defaultValue = "10",
            description = "A service restarted by a health run is not restarted again sooner (default ${DEFAULT-VALUE}).")
    int restartMinutes;

    @Option(names = "--report-only", description = "Change nothing on the hosts: no Monit re-arm (refused with --restart).")
    boolean reportOnly;

    @Override
    public Integer call() {
        if (restart && reportOnly) throw new InvalidRequestException("health: --restart and --report-only exclude each other");
        // Checked before the platform is opened: bad thresholds touch nothing.
        HealthRequest request = HealthRequest.of(maxDisk, maxInodes, minMemory, maxLag)
                .withRestart(restart, Duration.ofMinutes(restartMinutes));
        if (reportOnly) request = request.reportOnly();
        HealthReport report = platform.open(spec, output).health(request);
        if (junit != null) JUnitReport.write(report, junit);
        PrintWriter w = output.out();
        if (output.json) {
            w.println(Json.write(report.hosts().stream().map(HealthCommand::asMap).toList()));
        } else {
            Table t = new Table("HOST", "CHECK", "STATUS", "SEEN");
            for (HostHealth h : report.hosts()) {
                for (CheckResult c : h.checks()) {
                    t.row(h.shortName(), c.name(), c.status().label(), c.failed() ? c.seen() + " (expected " + c.expected() + ")" : c.seen());
                }
            }
            t.print(w);
            long unhealthy = report.hosts().stream().filter(h -> !h.healthy()).count();
            w.printf("%d host(s): %d healthy, %d unhealthy; checks: %d ok, %d failed, %d info%n", report.hosts().size(),
                    report.hosts().size() - unhealthy, unhealthy, report.count(CheckStatus.OK), report.count(CheckStatus.FAILED),
                    report.count(CheckStatus.INFO));
        }
        w.flush();
        return report.exitCode();
    }

    private static Map<String, Object> asMap(HostHealth h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", h.host());
        m.put("healthy", h.healthy());
        m.put("checks", h.checks().stream().map(c -> {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("status", c.status().label());
            cm.put("expected", c.expected());
            cm.put("seen", c.seen());
            return cm;
        }).toList());
        return m;
    }
}
