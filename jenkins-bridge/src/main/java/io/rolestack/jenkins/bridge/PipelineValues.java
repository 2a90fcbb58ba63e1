package io.rolestack.jenkins.bridge;

import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.RunSummary;
import io.rolestack.core.result.Status;
import io.rolestack.health.CheckResult;
import io.rolestack.health.CheckStatus;
import io.rolestack.health.HealthReport;
import io.rolestack.health.HostHealth;
import io.rolestack.mariadb.status.ClusterStatus;
import io.rolestack.mariadb.status.ReplicaLinkStatus;
import io.rolestack.mariadb.status.ServerStatus;
import io.rolestack.mariadb.switchover.SwitchoverResult;
import io.rolestack.platform.Millis;
import io.rolestack.platform.backup.BackupReport;
import io.rolestack.platform.backup.BackupValues;
import io.rolestack.platform.backup.SearchBackupReport;
import io.rolestack.platform.backup.SearchBackupValues;
import io.rolestack.platform.app.AppReleases;
import io.rolestack.platform.app.AppReport;
import io.rolestack.platform.app.AppValues;
import io.rolestack.patch.PatchReport;
import io.rolestack.platform.deploy.DeployOutcome;
import io.rolestack.platform.exec.ExecOutcome;
import io.rolestack.platform.exec.HostOutput;
import io.rolestack.platform.heal.HealReport;
import io.rolestack.platform.heal.HealStatus;
import io.rolestack.platform.heal.HostHeal;
import io.rolestack.platform.patch.PatchValues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typed results as values a Pipeline can use and keep: only {@code String},
 * {@code Integer}, {@code Long} (sizes in bytes), {@code Double}, {@code Boolean}, {@code null}, {@code ArrayList} and
 * {@code LinkedHashMap} (they survive the remoting channel, the CPS program's
 * serialization and Jenkins' class filter). Keys are those of the CLI's
 * {@code --json}, durations in {@code millis}.
 */
public final class PipelineValues {
    private PipelineValues() {
    }

    /** One operation on one host: host, operation, status, changed, failed, message, diff, millis. */
    public static Map<String, Object> result(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", r.host());
        m.put("operation", r.operation());
        m.put("status", name(r.status()));
        m.put("changed", r.changed());
        m.put("failed", r.failed());
        m.put("message", r.message());
        m.put("diff", r.diff());
        m.put("millis", Millis.of(r.duration()));
        return m;
    }

    public static List<Object> results(List<Result> results) {
        List<Object> out = new ArrayList<>();
        results.forEach(r -> out.add(result(r)));
        return out;
    }

    /** Counts over every result: ok, changed, failed, and how many hosts. */
    public static Map<String, Object> summary(RunSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", (int) s.count(Status.OK));
        m.put("changed", (int) s.count(Status.CHANGED));
        m.put("failed", (int) s.count(Status.FAILED));
        m.put("hosts", s.perHost().size());
        return m;
    }

    /** Per host: host, status (the worst), changed, message (its failures, else a count). */
    public static List<Object> hosts(RunSummary s) {
        List<Object> out = new ArrayList<>();
        s.perHost().values().forEach(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", c.host());
            m.put("status", name(c.status()));
            m.put("changed", c.changed() > 0);
            List<String> failures = s.results().stream().filter(r -> r.host().equals(c.host()) && r.failed())
                    .map(r -> r.operation() + ": " + r.message()).toList();
            m.put("message", !failures.isEmpty() ? String.join("; ", failures)
                    : c.ok() + " ok, " + c.changed() + " changed");
            out.add(m);
        });
        return out;
    }

    /** Every run over hosts: results, hosts, summary. */
    public static Map<String, Object> run(RunSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hosts", hosts(s));
        m.put("results", results(s.results()));
        m.put("summary", summary(s));
        return m;
    }

    /** plan/apply: applied, hosts, results (servers, roles, database in that order), summary. */
    public static Map<String, Object> deploy(DeployOutcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("applied", o.applied());
        m.putAll(run(o.summary()));
        return m;
    }

    /** exec: per host its exit code and output; summary. */
    public static Map<String, Object> exec(ExecOutcome o) {
        List<Object> hosts = new ArrayList<>();
        for (HostOutput h : o.hosts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", h.host());
            m.put("status", h.succeeded() ? "changed" : "failed");
            m.put("changed", h.succeeded());
            m.put("exitCode", h.exitCode().orElse(null));
            m.put("stdout", h.stdout());
            m.put("stderr", h.stderr());
            m.put("message", h.error().orElseGet(() -> "exit " + h.exitCode().orElseThrow()));
            m.put("millis", Millis.of(h.took()));
            hosts.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", o.request().command());
        m.put("hosts", hosts);
        m.put("summary", summary(o.summary()));
        return m;
    }

    /** vm list: the provider's hosts. */
    public static Map<String, Object> inventory(Inventory inv) {
        List<Object> hosts = new ArrayList<>();
        inv.hosts().forEach(h -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", h.fqdn());
            m.put("role", h.role());
            m.put("privateIp", h.privateIp());
            m.put("publicIp", h.publicIpOrNull());
            m.put("id", h.providerId());
            hosts.add(m);
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hosts", hosts);
        return m;
    }

    /** db status: primary, healthy, and per server its role, threads, lag, TLS, GTID, error. */
    public static Map<String, Object> databaseStatus(ClusterStatus st) {
        List<Object> servers = new ArrayList<>();
        for (ServerStatus s : st.servers()) {
            ReplicaLinkStatus l = s.link();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", s.host());
            m.put("role", s.role().name().toLowerCase(Locale.ROOT));
            m.put("healthy", s.healthy());
            m.put("readOnly", s.readOnly());
            m.put("ioRunning", l == null ? null : l.ioRunning());
            m.put("sqlRunning", l == null ? null : l.sqlRunning());
            m.put("lagSeconds", l == null || l.secondsBehindMaster() == null ? null : (int) Math.min(Integer.MAX_VALUE, l.secondsBehindMaster()));
            m.put("encrypted", s.encrypted());
            m.put("cipher", s.sslCipher());
            m.put("gtid", s.gtidCurrentPos());
            m.put("error", !s.error().isEmpty() ? s.error() : l == null ? "" : l.error());
            servers.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("primary", st.primary());
        m.put("healthy", st.healthy());
        m.put("servers", servers);
        return m;
    }

    /** db switchover: from, to, status, primary, rolledBack, message, writesBlockedMillis, results. */
    public static Map<String, Object> switchover(SwitchoverResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", r.from());
        m.put("to", r.to());
        m.put("status", name(r.status()));
        m.put("primary", r.primary());
        m.put("rolledBack", r.rolledBack());
        m.put("message", r.message());
        m.put("gtidPosition", r.gtidPosition());
        m.put("writesBlockedMillis", Millis.of(r.writesBlocked()));
        m.put("millis", Millis.of(r.took()));
        m.put("results", results(r.steps()));
        return m;
    }

    /**
     * health: {@code healthy} (every check ok or info), {@code checks} (host/check/status/expected/seen, status
     * ok, failed or info) and {@code summary}: hosts, healthy, unhealthy (hosts), ok, failed, info (checks).
     */
    public static Map<String, Object> health(HealthReport r) {
        List<Object> checks = new ArrayList<>();
        for (HostHealth h : r.hosts()) {
            for (CheckResult c : h.checks()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("host", h.host());
                m.put("check", c.name());
                m.put("status", c.status().label());
                m.put("expected", c.expected());
                m.put("seen", c.seen());
                checks.add(m);
            }
        }
        int unhealthy = (int) r.hosts().stream().filter(h -> !h.healthy()).count();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("hosts", r.hosts().size());
        summary.put("healthy", r.hosts().size() - unhealthy);
        summary.put("unhealthy", unhealthy);
        summary.put("ok", (int) r.count(CheckStatus.OK));
        summary.put("failed", (int) r.count(CheckStatus.FAILED));
        summary.put("info", (int) r.count(CheckStatus.INFO));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("healthy", r.healthy());
        m.put("checks", checks);
        m.put("summary", summary);
        return m;
    }

    /**
     * heal: {@code healed} (every host healthy or rebooted and back), {@code hosts} (host/status/rebooted/failedProbes/
     * probes/message as the CLI's {@code --json}, status healthy, suspect, rebooted, refused or failed) and {@code summary}:
     * hosts and the count of each status.
     */
    public static Map<String, Object> heal(HealReport r) {
        List<Object> hosts = new ArrayList<>();
        for (HostHeal h : r.hosts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", h.host());
            m.put("status", h.status().label());
            m.put("rebooted", h.status() == HealStatus.REBOOTED);
            m.put("failedProbes", h.failedProbes());
            m.put("probes", h.probes());
            m.put("message", h.message());
            hosts.add(m);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("hosts", r.hosts().size());
        for (HealStatus s : HealStatus.values()) summary.put(s.label(), (int) r.count(s));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("healed", r.exitCode() == 0);
        m.put("hosts", hosts);
        m.put("summary", summary);
        return m;
    }

    /** {@code value} with every string masked; the same plain types. */
    @SuppressWarnings("unchecked")
    public static Object masked(Object value, Masker masker) {
        if (value instanceof String s) return masker.mask(s);
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, masked(v, masker)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(masked(v, masker)));
            return out;
        }
        return value;
    }

    /** Throws when {@code value} holds anything but the plain types above (a bug here, not the user's). */
    public static void requirePlain(Object value, String where) {
        if (value == null || value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Boolean) return;
        if (value instanceof LinkedHashMap<?, ?> map) {
            map.forEach((k, v) -> {
                if (!(k instanceof String)) throw new IllegalStateException(where + ": a key that is not a String: " + k);
                requirePlain(v, where + "." + k);
            });
            return;
        }
        if (value instanceof ArrayList<?> list) {
            for (int i = 0; i < list.size(); i++) requirePlain(list.get(i), where + "[" + i + "]");
            return;
        }
        throw new IllegalStateException(where + ": not a plain Pipeline value: " + value.getClass().getName());
    }

    static String name(Status s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    /** app deploy/rollback: {@link AppValues#of}, the same keys as {@code rolestack app deploy|rollback --json}. */
    public static Map<String, Object> app(AppReport r) {
        return AppValues.of(r);
    }

    /** app releases: {@link AppValues#releases}, the same keys as {@code rolestack app releases --json}. */
    public static Map<String, Object> appReleases(List<AppReleases> r) {
        return AppValues.releases(r);
    }

    /** backup: {@link BackupValues#of}, the same keys as {@code rolestack backup --json}. */
    public static Map<String, Object> backup(BackupReport r) {
        return BackupValues.of(r);
    }

    /** backup search ...: {@link SearchBackupValues#of}, the same keys as {@code rolestack backup search ... --json}. */
    public static Map<String, Object> searchBackup(SearchBackupReport r) {
        return SearchBackupValues.of(r);
    }

    /** patch: {@link PatchValues#of}, the same keys as {@code rolestack patch --json}. */
    public static Map<String, Object> patch(PatchReport r) {
        return PatchValues.of(r);
    }
}
