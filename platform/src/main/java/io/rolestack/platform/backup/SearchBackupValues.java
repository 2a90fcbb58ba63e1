package io.rolestack.platform.backup;

import io.rolestack.backup.search.SnapshotInfo;
import io.rolestack.backup.search.SnapshotRetention;
import io.rolestack.backup.search.SnapshotVerification;
import io.rolestack.backup.search.StoredSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A search snapshot report as plain values, the one shape of {@code rolestack backup search --json}: JDK maps and
 * lists only, as {@link BackupValues} (so a Pipeline step can return it as it is).
 */
public final class SearchBackupValues {
    private SearchBackupValues() {
    }

    /**
     * {@code operation}, {@code ok}, {@code message}, {@code node}, {@code repository}, {@code snapshots} (per snapshot:
     * name, state, startedAt, endedAt, indices, shardsFailed, managed, valid, countsBefore, countsAfter, verification,
     * problem) and for prune {@code dryRun}, {@code decisions} (snapshot, delete, reason).
     */
    public static Map<String, Object> of(SearchBackupReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("operation", r.operation());
        m.put("ok", r.ok());
        m.put("message", r.message());
        m.put("node", r.node());
        m.put("repository", r.repository());
        m.put("snapshots", new ArrayList<>(r.snapshots().stream().map(SearchBackupValues::snapshot).toList()));
        r.decisions().ifPresent(ds -> {
            m.put("dryRun", r.dryRun());
            List<Object> out = new ArrayList<>();
            for (SnapshotRetention.Decision d : ds) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("snapshot", d.snapshot());
                x.put("delete", d.delete());
                x.put("reason", d.reason());
                out.add(x);
            }
            m.put("decisions", out);
        });
        return m;
    }

    private static Map<String, Object> snapshot(StoredSnapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        SnapshotInfo i = s.info();
        m.put("name", s.name());
        m.put("state", i.state());
        m.put("startedAt", i.startedAt().toString());
        m.put("endedAt", i.endedAt().map(Object::toString).orElse(null));
        m.put("indices", new ArrayList<>(i.indices()));
        m.put("shardsFailed", i.shardsFailed());
        m.put("managed", s.managed());
        m.put("valid", s.valid());
        m.put("countsBefore", s.record().map(x -> new LinkedHashMap<String, Object>(new TreeMap<>(x.countsBefore()))).orElse(null));
        m.put("countsAfter", s.record().map(x -> new LinkedHashMap<String, Object>(new TreeMap<>(x.countsAfter()))).orElse(null));
        SnapshotVerification v = s.lastVerification().orElse(null);
        if (v == null) {
            m.put("verification", null);
        } else {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("at", v.at().toString());
            x.put("ok", v.ok());
            x.put("restored", new LinkedHashMap<String, Object>(new TreeMap<>(v.restored())));
            x.put("seconds", v.took().toMillis() / 1000.0);
            x.put("message", v.message());
            m.put("verification", x);
        }
        m.put("problem", s.problem());
        return m;
    }
}
