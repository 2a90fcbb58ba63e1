package io.rolestack.platform.backup;

import io.rolestack.mariadb.backup.BackupMetadata;
import io.rolestack.mariadb.backup.StoredBackup;
import io.rolestack.mariadb.backup.Verification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A backup report as plain values — the one shape of {@code rolestack backup --json}
 * and of the {@code rolestackBackup} Pipeline step's return value: JDK maps and
 * lists only (Pipeline values cross the agent's channel and the CPS serializer).
 */
public final class BackupValues {
    private BackupValues() {
    }

    /**
     * {@code operation}, {@code ok}, {@code message}, {@code target}, {@code backups} (per backup: id, dir, server,
     * fromReplica, gtid, startedAt, endedAt, streamBytes, storedBytes, sha256, sha256Ok, valid, verification,
     * rowCounts; or id, dir, valid=false, problem for an unreadable one) and for prune {@code dryRun},
     * {@code decisions} (id, delete, reason), {@code notes}.
     */
    public static Map<String, Object> of(BackupReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("operation", r.operation());
        m.put("ok", r.ok());
        m.put("message", r.message());
        m.put("target", r.target());
        m.put("backups", new ArrayList<>(r.backups().stream().map(BackupValues::backup).toList()));
        r.prune().ifPresent(p -> {
            m.put("dryRun", p.dryRun());
            List<Object> decisions = new ArrayList<>();
            for (var d : p.decisions()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("id", d.id());
                x.put("delete", d.delete());
                x.put("reason", d.reason());
                decisions.add(x);
            }
            m.put("decisions", decisions);
            m.put("notes", new ArrayList<>(p.notes()));
        });
        return m;
    }

    private static Map<String, Object> backup(StoredBackup b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id());
        m.put("dir", b.dir().toString());
        BackupMetadata md = b.metadata();
        if (md == null) {
            m.put("valid", false);
            m.put("problem", b.problem());
            return m;
        }
        m.put("server", md.server());
        m.put("fromReplica", md.fromReplica());
        m.put("gtid", md.gtid());
        m.put("startedAt", md.startedAt().toString());
        m.put("endedAt", md.endedAt().toString());
        m.put("streamBytes", md.streamBytes());
        m.put("storedBytes", md.storedBytes());
        m.put("sha256", md.sha256());
        Verification v = md.verification();
        m.put("sha256Ok", v == null ? null : v.checksumOk());
        m.put("valid", md.valid());
        if (v == null) {
            m.put("verification", null);
        } else {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("at", v.at().toString());
            x.put("host", v.host());
            x.put("ok", v.ok());
            x.put("checksumOk", v.checksumOk());
            x.put("tables", v.tables());
            x.put("seconds", v.took().toMillis() / 1000.0);
            x.put("message", v.message());
            m.put("verification", x);
        }
        m.put("rowCounts", new LinkedHashMap<>(new TreeMap<>(md.rowCounts())));
        return m;
    }
}
