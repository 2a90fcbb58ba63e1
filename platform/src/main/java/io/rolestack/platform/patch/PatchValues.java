package io.rolestack.platform.patch;

import io.rolestack.patch.HostPatch;
import io.rolestack.patch.PackageUpgrade;
import io.rolestack.patch.PatchReport;
import io.rolestack.platform.Millis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A patch report as plain values — the one shape of {@code rolestack patch --json} and of the
 * {@code rolestackPatch} Pipeline step's return value (JDK maps and lists only: Pipeline values cross the
 * agent's channel and the CPS serializer) — and its one-line summary, which the CLI and the step both print.
 */
public final class PatchValues {
    private PatchValues() {
    }

    /**
     * {@code ok}, {@code dryRun}, {@code stoppedAt} (host and why, or null), {@code notes}, {@code hosts} (per host in
     * roll order: host, role, wave, status, packages [name, from, to], keptBack, restarted, rebooted, healthBefore,
     * healthAfter, millis, message; a dry run's packages are the upgradable ones and rebooted says a reboot would likely
     * follow) and {@code summary}: hosts, then per outcome planned, patched, upToDate, unhealthy, failed, notStarted, then
     * withUpgrades (hosts with packages) and rebooted (dry run: likely to reboot).
     */
    public static Map<String, Object> of(PatchReport r) {
        List<Object> hosts = new ArrayList<>();
        for (HostPatch h : r.hosts()) {
            List<Object> packages = new ArrayList<>();
            for (PackageUpgrade u : h.upgrades()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("name", u.name());
                p.put("from", u.from());
                p.put("to", u.to());
                packages.add(p);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", h.host());
            m.put("role", h.role());
            m.put("wave", h.wave());
            m.put("status", h.outcome().label());
            m.put("packages", packages);
            m.put("keptBack", new ArrayList<Object>(h.keptBack()));
            m.put("restarted", new ArrayList<Object>(h.restarted()));
            m.put("rebooted", h.reboot());
            m.put("healthBefore", HostPatch.describe(h.before()));
            m.put("healthAfter", HostPatch.describe(h.after()));
            m.put("millis", Millis.of(h.took()));
            m.put("message", h.message());
            hosts.add(m);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("hosts", r.hosts().size());
        for (HostPatch.Outcome o : HostPatch.Outcome.values()) {
            summary.put(camel(o.name()), (int) count(r, o));
        }
        summary.put("withUpgrades", (int) r.hosts().stream().filter(h -> !h.upgrades().isEmpty()).count());
        summary.put("rebooted", (int) r.hosts().stream().filter(HostPatch::reboot).count());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", r.ok());
        m.put("dryRun", r.dryRun());
        m.put("stoppedAt", r.stoppedAt().orElse(null));
        m.put("notes", new ArrayList<Object>(r.notes()));
        m.put("hosts", hosts);
        m.put("summary", summary);
        return m;
    }

    /** What follows the hosts, in the CLI and the step's log: where the roll stopped, each failed host's message, the lock's notes. */
    public static List<String> outcomeLines(PatchReport r) {
        List<String> out = new ArrayList<>();
        r.stoppedAt().ifPresent(s -> out.add("roll stopped at " + s));
        for (HostPatch h : r.hosts()) {
            if (h.outcome().bad() && h.outcome() != HostPatch.Outcome.NOT_STARTED) out.add(h.shortName() + ": " + h.message());
        }
        out.addAll(r.notes());
        return out;
    }

    /** "3 host(s): 1 patched, 2 up to date, 0 stopped or failed" (dry run: "3 host(s): 2 with upgrades (dry run)"). */
    public static String summary(PatchReport r) {
        if (r.dryRun()) {
            return r.hosts().size() + " host(s): " + r.hosts().stream().filter(h -> !h.upgrades().isEmpty()).count()
                    + " with upgrades (dry run)" + (r.ok() ? "" : ", " + bad(r) + " failed");
        }
        return r.hosts().size() + " host(s): " + count(r, HostPatch.Outcome.PATCHED) + " patched, "
                + count(r, HostPatch.Outcome.UP_TO_DATE) + " up to date, " + bad(r) + " stopped or failed";
    }

    public static long count(PatchReport r, HostPatch.Outcome o) {
        return r.hosts().stream().filter(h -> h.outcome() == o).count();
    }

    private static long bad(PatchReport r) {
        return r.hosts().stream().filter(h -> h.outcome().bad()).count();
    }

    /** UP_TO_DATE -> upToDate. */
    private static String camel(String constant) {
        StringBuilder b = new StringBuilder();
        for (String word : constant.toLowerCase(Locale.ROOT).split("_")) {
            b.append(b.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return b.toString();
    }
}
