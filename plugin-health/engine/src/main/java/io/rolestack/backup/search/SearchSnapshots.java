package io.rolestack.backup.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.rolestack.core.wait.Wait;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Snapshots of an Elasticsearch 7/8 or OpenSearch 1/2 cluster into one repository, with restore tests and
 * retention. The node is reached at a URL ({@link SearchHttp}); in production that URL would be a port
 * forwarded through the jump host, which the SSH layer does not offer yet (docs/backups.md).
 *
 * <pre>SearchSnapshots s = new SearchSnapshots(new SearchHttp(uri, Duration.ofMinutes(5)), "nightly",
 *         new RecordStore(dir), Clock.systemUTC(), Duration.ofHours(2), progress);
 * s.registerFsRepository("/var/backups/search");          // once; the node's path.repo must contain it
 * StoredSnapshot snap = s.snapshot(List.of("*"));           // dated name, waits for SUCCESS
 * SnapshotVerification v = s.verify(snap.name());           // restore renamed, compare counts: valid or not
 * s.prune(new SnapshotRetention(Optional.of(14), Optional.empty()), false);</pre>
 */
public final class SearchSnapshots {
    /** Names the node accepts for repositories and snapshots, and nothing that could change the URL path. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,199}");
    private static final Pattern INDEX_PATTERN = Pattern.compile("[a-z0-9*._-][a-z0-9*._+-]{0,254}");
    private static final DateTimeFormatter DATED = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final SearchHttp http;
    private final String repository;
    private final RecordStore records;
    private final Clock clock;
    private final Duration snapshotTimeout;
    private final Consumer<String> progress;

    public SearchSnapshots(SearchHttp http, String repository, RecordStore records, Clock clock, Duration snapshotTimeout,
                           Consumer<String> progress) {
        this.http = Objects.requireNonNull(http, "http");
        this.repository = checkName("repository", repository);
        this.records = Objects.requireNonNull(records, "records");
        this.clock = clock;
        this.snapshotTimeout = snapshotTimeout;
        this.progress = progress;
    }

    public String repository() {
        return repository;
    }

    /**
     * Registers (or re-registers with the same settings) a shared-filesystem repository at {@code location},
     * which must be under one of the node's {@code path.repo} directories, then verifies it.
     */
    public void registerFsRepository(String location) {
        if (location == null || !location.startsWith("/")) {
            throw new IllegalArgumentException("repository " + repository + ": location must be an absolute path, was " + location);
        }
        http.ok("PUT", "_snapshot/" + repository, Map.of("type", "fs", "settings", Map.of("location", location)),
                "repository " + repository + " at " + location + ": cannot register");
        progress.accept("repository " + repository + ": registered at " + location);
        verifyRepository();
    }

    /** Asks every node to write and read the repository; returns the names of the nodes that did. */
    public List<String> verifyRepository() {
        JsonNode r = repoCall("POST", "_snapshot/" + repository + "/_verify", null, "verify");
        List<String> nodes = new ArrayList<>();
        r.path("nodes").forEach(n -> nodes.add(n.path("name").asText()));
        progress.accept("repository " + repository + ": verified by " + String.join(", ", nodes));
        return nodes;
    }

    /**
     * Snapshots the open indices matching {@code indexPatterns} (names starting with {@code .} left out) under a
     * dated name, waits until the node reports it finished, records the document counts before and after, and
     * returns it. A snapshot that ends other than SUCCESS is an error (it stays in the repository, never valid).
     */
    public StoredSnapshot snapshot(List<String> indexPatterns) {
        verifyRepository();
        List<String> indices = resolve(indexPatterns);
        requirePrimariesAssigned(indices);
        String name = StoredSnapshot.PREFIX + DATED.format(clock.instant());
        Map<String, Long> before = counts(indices);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("indices", String.join(",", indices));
        body.put("ignore_unavailable", false);
        body.put("include_global_state", false);
        body.put("partial", false);
        body.put("metadata", Map.of("taken_by", "rolestack", "counts_before", before));
        repoCall("PUT", "_snapshot/" + repository + "/" + name, body, "snapshot " + name);
        progress.accept("snapshot " + name + ": started (" + indices.size() + " indices)");
        SnapshotInfo info = Wait.upTo(snapshotTimeout).every(Duration.ofMillis(500)).forValue(
                () -> Optional.of(info(name)).filter(SnapshotInfo::finished),
                () -> new SearchException("snapshot " + name + " in repository " + repository + " on " + http.base()
                        + ": not finished after " + snapshotTimeout.toSeconds() + " s"));
        Map<String, Long> after = counts(indices);
        SnapshotRecord record = new SnapshotRecord(repository, name, before, after, Optional.empty());
        records.write(record, false);
        if (!info.succeeded()) {
            throw new SearchException("snapshot " + name + " in repository " + repository + " ended " + info.state()
                    + (info.failures().isEmpty() ? "" : ": " + String.join("; ", info.failures())) + " (never valid)");
        }
        progress.accept("snapshot " + name + ": " + info.state());
        return new StoredSnapshot(info, Optional.of(record), null);
    }

    /** Restore-tests {@code snapshot} ({@link RestoreTest}) and records the verdict; only a pass makes it valid. */
    public SnapshotVerification verify(String snapshot) {
        checkName("snapshot", snapshot);
        SnapshotInfo info = info(snapshot);
        Optional<SnapshotRecord> record = records.read(repository, snapshot);
        SnapshotVerification v = new RestoreTest(http, repository, clock, progress).run(info, record);
        if (record.isPresent()) {
            SnapshotRecord withV = record.get().withVerification(v);
            records.write(withV, new StoredSnapshot(info, Optional.of(withV), null).valid());
        }
        return v;
    }

    /** Every snapshot of the repository, oldest first, with Rolestack's record where there is one. */
    public List<StoredSnapshot> list() {
        JsonNode r = repoCall("GET", "_snapshot/" + repository + "/_all", null, "list snapshots");
        List<StoredSnapshot> out = new ArrayList<>();
        for (JsonNode s : r.path("snapshots")) {
            SnapshotInfo info = SnapshotInfo.parse(s);
            try {
                out.add(new StoredSnapshot(info, NAME.matcher(info.name()).matches()
                        ? records.read(repository, info.name()) : Optional.empty(), null));
            } catch (SearchException e) {
                out.add(new StoredSnapshot(info, Optional.empty(), e.getMessage()));
            }
        }
        out.sort((a, b) -> a.info().startedAt().compareTo(b.info().startedAt()));
        return out;
    }

    /** Applies {@code retention} at {@code now}; deletes the snapshots it says (and their records) unless {@code dryRun}. */
    public List<SnapshotRetention.Decision> prune(SnapshotRetention retention, boolean dryRun, Instant now) {
        List<SnapshotRetention.Decision> decisions = retention.decide(list(), now);
        if (!dryRun) {
            for (SnapshotRetention.Decision d : decisions) {
                if (!d.delete()) continue;
                repoCall("DELETE", "_snapshot/" + repository + "/" + d.snapshot(), null, "delete snapshot " + d.snapshot());
                records.delete(repository, d.snapshot());
                progress.accept("snapshot " + d.snapshot() + ": deleted (" + d.reason() + ")");
            }
        }
        return decisions;
    }

    /** The node's view of one snapshot; a missing one is an error naming it. */
    public SnapshotInfo info(String snapshot) {
        SearchHttp.Response r = http.get("_snapshot/" + repository + "/" + checkName("snapshot", snapshot));
        if (!r.ok()) {
            if (r.errorType().equals("snapshot_missing_exception")) {
                throw new SearchException("snapshot " + snapshot + " does not exist in repository " + repository + " on " + http.base());
            }
            throw repoError(r, "GET", "_snapshot/" + repository + "/" + snapshot, "snapshot " + snapshot);
        }
        JsonNode s = r.body().path("snapshots").path(0);
        if (s.isMissingNode()) throw new SearchException("snapshot " + snapshot + " does not exist in repository " + repository + " on " + http.base());
        return SnapshotInfo.parse(s);
    }

    private JsonNode repoCall(String method, String path, Object body, String what) {
        SearchHttp.Response r = http.send(method, path, body);
        if (!r.ok()) throw repoError(r, method, path, what);
        return r.body();
    }

    private SearchException repoError(SearchHttp.Response r, String method, String path, String what) {
        if (r.errorType().equals("repository_missing_exception")) {
            return new SearchException("repository " + repository + " does not exist on " + http.base()
                    + " (register it first: a filesystem repository under the node's path.repo)");
        }
        return new SearchException("repository " + repository + ", " + what + ": " + http.describe(method, path, r));
    }

    /** The open indices the patterns name, sorted; an error when a pattern matches none. */
    List<String> resolve(List<String> patterns) {
        if (patterns.isEmpty()) throw new IllegalArgumentException("indices: none given");
        List<String> out = new ArrayList<>();
        for (String p : patterns) {
            if (!INDEX_PATTERN.matcher(p).matches()) {
                throw new IllegalArgumentException("indices: '" + p + "' is not an index name or pattern (lower case, digits, . _ - + *)");
            }
            SearchHttp.Response r = http.get("_cat/indices/" + p + "?format=json&h=index&expand_wildcards=open");
            List<String> found = new ArrayList<>();
            if (r.ok()) {
                r.body().forEach(i -> {
                    String name = i.path("index").asText();
                    if (!name.startsWith(".") && !name.startsWith(RestoreTest.COPY_PREFIX)) found.add(name);
                });
            } else if (!r.errorType().equals("index_not_found_exception")) {
                throw new SearchException("indices " + p + ": " + http.describe("GET", "_cat/indices/" + p, r));
            }
            if (found.isEmpty()) throw new SearchException("indices " + p + ": no open index matches on " + http.base());
            found.stream().filter(i -> !out.contains(i)).forEach(out::add);
        }
        out.sort(String::compareTo);
        return out;
    }

    /**
     * A red index (a primary shard not assigned) cannot be snapshotted whole, and refreshing or counting it
     * would only wait for the request timeout: refused first, naming the indices.
     */
    private void requirePrimariesAssigned(List<String> indices) {
        JsonNode h = http.ok("GET", "_cluster/health/" + String.join(",", indices) + "?level=indices", null,
                "repository " + repository + ": health of the indices to snapshot");
        List<String> red = new ArrayList<>();
        h.path("indices").fields().forEachRemaining(e -> {
            if ("red".equals(e.getValue().path("status").asText())) red.add(e.getKey());
        });
        if (!red.isEmpty()) {
            throw new SearchException("repository " + repository + ": cannot snapshot " + String.join(", ", red)
                    + ": a primary shard is not assigned (index status red) on " + http.base());
        }
    }

    /** Exact document counts, after a refresh so that what was indexed is counted. */
    Map<String, Long> counts(List<String> indices) {
        return counts(http, indices);
    }

    static Map<String, Long> counts(SearchHttp http, List<String> indices) {
        http.ok("POST", String.join(",", indices) + "/_refresh", null, "refresh " + String.join(",", indices));
        Map<String, Long> out = new LinkedHashMap<>();
        for (String i : indices) {
            out.put(i, http.ok("GET", i + "/_count", null, "count documents of " + i).path("count").asLong());
        }
        return out;
    }

    private static String checkName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "': must be lower case letters, digits, . _ - (at most 200)");
        }
        return name;
    }
}
