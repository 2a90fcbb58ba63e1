package io.rolestack.health.repair;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.service.ServiceControl;
import io.rolestack.health.CheckResult;
import io.rolestack.health.probe.MonitStatus;
import io.rolestack.health.probe.Probe;
import io.rolestack.role.watch.WatchedService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.rolestack.core.remote.Shell.quote;

/**
 * Acts on one host's failed checks, in one round trip: restarts the watched
 * services whose process or port check failed (once per interval, remembered
 * on the host under {@value #STAMPS}), and re-arms services Monit gave up on.
 * Every action becomes a result named {@code restart SERVICE} or
 * {@code monit re-arm}, so the report shows what was found and what was done.
 */
public final class HostRepair {
    /** One file per service, touched at each restart a health run made. */
    public static final String STAMPS = "/var/lib/rolestack/health-restarts";

    private final RepairPolicy policy;

    public HostRepair(RepairPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The watched services a failed check points at: its process, or a port it listens on. */
    public static List<WatchedService> toRestart(List<CheckResult> checks, List<WatchedService> watched) {
        Map<String, WatchedService> out = new LinkedHashMap<>();
        for (CheckResult c : checks) {
            if (!c.failed()) continue;
            for (WatchedService w : watched) {
                if (c.name().equals("process " + w.process()) || w.ports().stream().anyMatch(p -> portCheck(c.name(), p))) {
                    out.putIfAbsent(w.service(), w);
                }
            }
        }
        return List.copyOf(out.values());
    }

    private static boolean portCheck(String name, int port) {
        return name.equals("tcp " + port) || name.startsWith("http " + port + "/");
    }

    public static boolean needsRearm(List<CheckResult> checks) {
        return checks.stream().anyMatch(c -> c.failed() && c.name().equals(new MonitStatus().name())
                && c.seen().startsWith(MonitStatus.UNMONITORED));
    }

    /** True when this policy would act on these results. */
    public boolean wouldAct(List<CheckResult> checks, List<WatchedService> watched) {
        return (policy.restart() && !toRestart(checks, watched).isEmpty()) || (policy.rearm() && needsRearm(checks));
    }

    /** Acts and says what it did; nothing when {@link #wouldAct} is false. */
    public List<CheckResult> repair(Remote host, List<CheckResult> checks, List<WatchedService> watched) {
        List<WatchedService> restart = policy.restart() ? toRestart(checks, watched) : List.of();
        boolean rearm = policy.rearm() && needsRearm(checks);
        if (restart.isEmpty() && !rearm) return List.of();
        ServiceControl services = restart.isEmpty() ? null : ServiceControl.detect(host);
        StringBuilder s = new StringBuilder("LC_ALL=C; export LC_ALL\nmkdir -p " + STAMPS + "\n");
        long minutes = policy.restartInterval().toMinutes();
        for (WatchedService w : restart) {
            String stamp = quote(STAMPS + "/" + w.service());
            s.append("if [ -n \"$(find ").append(stamp).append(" -mmin -").append(minutes).append(" 2>/dev/null)\" ]; then\n")
             .append("  printf 'S\\t%s\\tlimited\\t%s\\n' ").append(quote(w.service())).append(" \"$(date -u -r ").append(stamp).append(" +%FT%TZ)\"\n")
             .append("else\n  touch ").append(stamp).append("\n")
             .append("  if out=$( { ").append(services.restart(w.service()).script()).append("\n} 2>&1 </dev/null ); then\n")
             .append("    printf 'S\\t%s\\trestarted\\t\\n' ").append(quote(w.service())).append("\n")
             .append("  else printf 'S\\t%s\\tfailed\\t%s\\n' ").append(quote(w.service()))
             .append(" \"$(printf '%s' \"$out\" | tr '\\t\\n' '  ' | cut -c1-300)\"; fi\nfi\n");
        }
        if (rearm) {
            s.append("if out=$(monit monitor all 2>&1); then printf 'M\\trearmed\\t\\n'; else printf 'M\\tfailed\\t%s\\n' \"$(printf '%s' \"$out\" | tr '\\t\\n' '  ')\"; fi\n");
        }
        ExecResult r = host.exec(Command.sudo(s.toString()));
        return results(r, restart, rearm, checks);
    }

    private List<CheckResult> results(ExecResult r, List<WatchedService> restart, boolean rearm, List<CheckResult> checks) {
        Map<String, String[]> lines = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length == 4 && f[0].equals("S")) lines.put("S" + f[1], f);
            if (f.length == 3 && f[0].equals("M")) lines.put("M", f);
        }
        List<CheckResult> out = new ArrayList<>();
        for (WatchedService w : restart) {
            String name = "restart " + w.service();
            String why = "after " + failedFor(checks, w);
            String[] f = lines.get("S" + w.service());
            if (f == null) {
                out.add(CheckResult.failed(name, "restarted", "no answer from the host (exit " + r.exitCode() + ": "
                        + Probe.shorten(r.stderr().strip()) + ")"));
            } else if (f[2].equals("restarted")) {
                out.add(CheckResult.info(name, "restarted " + why));
            } else if (f[2].equals("limited")) {
                out.add(CheckResult.info(name, "not restarted: a health run restarted it at " + f[3]
                        + ", less than " + policy.restartInterval().toMinutes() + " min ago"));
            } else {
                out.add(CheckResult.failed(name, "restarted", "restart failed " + why + ": " + f[3]));
            }
        }
        if (rearm) {
            String[] f = lines.get("M");
            if (f != null && f[1].equals("rearmed")) {
                out.add(CheckResult.info("monit re-arm", "every service monitored again (monit monitor all)"));
            } else {
                out.add(CheckResult.failed("monit re-arm", "monit monitor all succeeds",
                        f == null ? "no answer from the host" : "failed: " + f[2]));
            }
        }
        return out;
    }

    private static String failedFor(List<CheckResult> checks, WatchedService w) {
        List<String> names = new ArrayList<>();
        for (CheckResult c : checks) {
            if (c.failed() && (c.name().equals("process " + w.process()) || w.ports().stream().anyMatch(p -> portCheck(c.name(), p)))) {
                names.add(c.name() + ": " + c.seen());
            }
        }
        return String.join("; ", names);
    }
}
