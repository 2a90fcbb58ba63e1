package io.rolestack.platform.app;

import io.rolestack.app.deploy.AppOutcome;
import io.rolestack.app.deploy.ReleaseState;
import io.rolestack.core.result.Result;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * App deploys, rollbacks and release lists as plain values — the one shape of {@code rolestack app ... --json}
 * and of the {@code rolestackAppDeploy} Pipeline step's return value: JDK maps and lists only (Pipeline values
 * cross the agent's channel and the CPS serializer), so both show the same keys.
 */
public final class AppValues {
    private AppValues() {
    }

    /**
     * deploy, rollback: {@code ok} (no app failed) and {@code apps}, per app: app, status (unchanged, deployed,
     * rolled_back, failed), release, previous (the release current before, or null), changed (how many host steps
     * changed something), message, results (per host and step: host, operation, status, message, diff, seconds).
     */
    public static Map<String, Object> of(AppReport r) {
        List<Object> apps = new ArrayList<>();
        for (AppOutcome o : r.apps()) apps.add(outcome(o));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", r.ok());
        m.put("apps", apps);
        return m;
    }

    /**
     * releases: {@code apps}, per app: app, hosts (app hosts, then frontends), per host: host, current (the release
     * {@code current} points at, or null), releases (most recently current first: id, lastCurrent as an ISO-8601
     * instant or null when never current, bad: why it is BAD, or null when good).
     */
    public static Map<String, Object> releases(List<AppReleases> all) {
        List<Object> apps = new ArrayList<>();
        for (AppReleases a : all) {
            List<Object> hosts = new ArrayList<>();
            for (ReleaseState h : a.hosts()) {
                List<Object> releases = new ArrayList<>();
                for (ReleaseState.Release rel : h.releases()) {
                    Map<String, Object> rm = new LinkedHashMap<>();
                    rm.put("id", rel.id());
                    rm.put("lastCurrent", lastCurrent(rel));
                    rm.put("bad", rel.bad().orElse(null));
                    releases.add(rm);
                }
                Map<String, Object> hm = new LinkedHashMap<>();
                hm.put("host", h.host());
                hm.put("current", h.current().orElse(null));
                hm.put("releases", releases);
                hosts.add(hm);
            }
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("app", a.app());
            am.put("hosts", hosts);
            apps.add(am);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apps", apps);
        return m;
    }

    /** UNCHANGED -> unchanged, ROLLED_BACK -> rolled_back (the JSON's word; the CLI's table writes "rolled back"). */
    public static String status(AppOutcome o) {
        return o.status().name().toLowerCase(Locale.ROOT);
    }

    /** When the release was last made current, at second precision (the host keeps nanoseconds), or null: never. */
    public static String lastCurrent(ReleaseState.Release r) {
        return r.activated() == 0 ? null : Instant.ofEpochSecond(r.activated() / 1_000_000_000L).toString();
    }

    private static Map<String, Object> outcome(AppOutcome o) {
        List<Object> results = new ArrayList<>();
        for (Result r : o.results()) results.add(result(r));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app", o.app());
        m.put("status", status(o));
        m.put("release", o.release());
        m.put("previous", o.previous().orElse(null));
        m.put("changed", o.changed());
        m.put("message", o.message());
        m.put("results", results);
        return m;
    }

    private static Map<String, Object> result(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", r.host());
        m.put("operation", r.operation());
        m.put("status", r.status().name().toLowerCase(Locale.ROOT));
        m.put("message", r.message());
        m.put("diff", r.diff());
        m.put("seconds", r.duration().toMillis() / 1000.0);
        return m;
    }
}
