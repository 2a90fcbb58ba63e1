package io.rolestack.core.result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Results of a run over many hosts, with per-host counts; exit code 0 only when nothing failed. */
public record RunSummary(List<Result> results) {
    public RunSummary {
        results = List.copyOf(results);
    }

    public record HostCounts(String host, int ok, int changed, int failed) {
        public Status status() {
            return failed > 0 ? Status.FAILED : changed > 0 ? Status.CHANGED : Status.OK;
        }
    }

    public Map<String, HostCounts> perHost() {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (Result r : results) {
            counts.computeIfAbsent(r.host(), h -> new int[3])[r.status().ordinal()]++;
        }
        Map<String, HostCounts> out = new LinkedHashMap<>();
        counts.forEach((h, c) -> out.put(h, new HostCounts(h, c[0], c[1], c[2])));
        return out;
    }

    public long count(Status s) {
        return results.stream().filter(r -> r.status() == s).count();
    }

    public boolean anyFailed() {
        return count(Status.FAILED) > 0;
    }

    public int exitCode() {
        return anyFailed() ? 1 : 0;
    }

    public RunSummary plus(List<Result> more) {
        List<Result> all = new ArrayList<>(results);
        all.addAll(more);
        return new RunSummary(all);
    }
}
