package io.rolestack.cli;

import io.rolestack.core.naming.HostName;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.platform.watch.CronSchedule;
import io.rolestack.platform.watch.WatchJobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "spec", description = "Platform spec files.", subcommands = {SpecCommand.Validate.class, SpecCommand.Schedule.class})
final class SpecCommand {

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Checks a spec whole; errors are reported as FILE:LINE:COLUMN. Touches no host.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "SPEC")
        Path file;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec cmd;

        @Override
        public Integer call() {
            PlatformSpec s = SpecLoader.load(file);
            PrintWriter w = cmd.commandLine().getOut();
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("file", file.toString());
                out.put("valid", true);
                out.put("environment", s.environment());
                out.put("domain", s.domain());
                out.put("provider", s.provider().type());
                out.put("jump", s.jump().fqdn());
                out.put("hosts", s.hosts().stream().map(HostName::fqdn).toList());
                w.println(Json.write(out));
            } else {
                w.printf("%s: ok — %s.%s on %s, jump %s, %d hosts%n", file, s.environment(), s.domain(),
                        s.provider().type(), s.jump().shortName(), s.hosts().size());
            }
            w.flush();
            return 0;
        }
    }

    @Command(name = "schedule", mixinStandardHelpOptions = true,
            description = {"Prints a scheduled job's cron expression from the spec, H kept as written: what Jenkins' cron "
                    + "trigger takes (jenkins/patch.Jenkinsfile reads it from here, so the spec is the one place to change it).",
                    "Jobs: patching (patching.schedule), backups (backups.schedule). Without JOB: every scheduled job, one per line (JOB EXPRESSION).",
                    "--resolved: H replaced as rolestack watch resolves it (from '<environment>/<job>'); --next N: the next N "
                            + "slots rolestack watch would run, on this machine's clock and time zone. Touches no host.",
                    "Example: rolestack spec schedule -f SPEC patching"})
    static final class Schedule implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        SpecFile spec;

        @Parameters(paramLabel = "JOB", arity = "0..1", description = "The job (the spec block holding the schedule): patching, backups or backups.search.")
        String job;

        @Option(names = "--resolved", description = "Print the expression with H resolved as rolestack watch does.")
        boolean resolved;

        @Option(names = "--next", paramLabel = "N", defaultValue = "0",
                description = "Also print the next N slots (1..100) as rolestack watch would run them.")
        int next;

        @Option(names = "--optional", description = "A spec without this job's schedule prints nothing and exits 0 (a Jenkinsfile "
                + "then sets no trigger) instead of failing.")
        boolean optional;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec cmd;

        @Override
        public Integer call() {
            if (next < 0 || next > 100) throw new Rolestack.UsageError("spec schedule: --next must be between 0 and 100, was " + next);
            PlatformSpec s = spec.load();
            PrintWriter w = cmd.commandLine().getOut();
            List<String> jobs = new ArrayList<>();
            if (job == null) {
                jobs.addAll(WatchJobs.schedules(s).keySet());
            } else if (optional && !WatchJobs.schedules(s).containsKey(job)) {
                WatchJobs.knownJob(job);
                w.flush();
                return 0;
            } else {
                jobs.add(job);
            }
            ZoneId zone = ZoneId.systemDefault();
            for (String j : jobs) {
                CronSchedule c = WatchJobs.cron(s, j, zone);
                String expression = resolved ? c.resolved() : c.expression();
                w.println(job == null ? j + " " + expression : expression);
                Instant t = Instant.now();
                for (int i = 0; i < next; i++) {
                    Instant n = c.nextAfter(t).orElse(null);
                    if (n == null) break;
                    w.println("  " + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ZonedDateTime.ofInstant(n, zone)));
                    t = n;
                }
            }
            w.flush();
            return 0;
        }
    }
}
