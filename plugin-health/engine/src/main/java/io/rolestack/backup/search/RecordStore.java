package io.rolestack.backup.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolestack.core.files.AtomicFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The records of Rolestack's snapshots on the machine that runs it: {@code DIR/REPOSITORY/SNAPSHOT.json},
 * written atomically. The node keeps the snapshots; this keeps their counts and restore tests, which the
 * node has no place for (a snapshot's own metadata is fixed when it starts). A lost directory makes every
 * snapshot "never tested", hence not valid: retention then deletes nothing, which is the safe side.
 *
 * <p>{@code valid} is written for readers but never read back: validity is derived from the node's state
 * and {@code verification.ok}.
 */
public final class RecordStore {
    private final Path dir;

    public RecordStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    Path file(String repository, String snapshot) {
        return dir.resolve(repository).resolve(snapshot + ".json");
    }

    public Optional<SnapshotRecord> read(String repository, String snapshot) {
        Path f = file(repository, snapshot);
        try {
            return Optional.of(fromJson(SearchHttp.JSON.readTree(Files.readAllBytes(f))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw new SearchException("snapshot record " + f + ": unreadable (" + e.getMessage() + ")", e);
        }
    }

    public void write(SnapshotRecord r, boolean valid) {
        Path f = file(r.repository(), r.snapshot());
        try {
            Files.createDirectories(f.getParent());
            AtomicFile.write(f, SearchHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(r, valid)) + "\n",
                    AtomicFile.PRIVATE);
        } catch (IOException e) {
            throw new SearchException("snapshot record " + f + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    public void delete(String repository, String snapshot) {
        try {
            Files.deleteIfExists(file(repository, snapshot));
        } catch (IOException e) {
            throw new SearchException("snapshot record " + file(repository, snapshot) + ": cannot delete (" + e.getMessage() + ")", e);
        }
    }

    static ObjectNode toJson(SnapshotRecord r, boolean valid) {
        ObjectNode o = SearchHttp.JSON.createObjectNode();
        o.put("format", SnapshotRecord.FORMAT);
        o.put("repository", r.repository());
        o.put("snapshot", r.snapshot());
        o.set("countsBefore", SearchHttp.JSON.valueToTree(r.countsBefore()));
        o.set("countsAfter", SearchHttp.JSON.valueToTree(r.countsAfter()));
        o.put("valid", valid);
        if (r.verification().isEmpty()) {
            o.putNull("verification");
        } else {
            SnapshotVerification v = r.verification().get();
            ObjectNode vo = o.putObject("verification");
            vo.put("at", v.at().toString());
            vo.put("ok", v.ok());
            vo.set("restored", SearchHttp.JSON.valueToTree(v.restored()));
            vo.put("seconds", v.took().toMillis() / 1000.0);
            vo.put("message", v.message());
        }
        return o;
    }

    static SnapshotRecord fromJson(JsonNode o) {
        if (!SnapshotRecord.FORMAT.equals(o.path("format").asText())) {
            throw new IllegalArgumentException("format is not " + SnapshotRecord.FORMAT);
        }
        JsonNode v = o.path("verification");
        Optional<SnapshotVerification> verification = v.isObject()
                ? Optional.of(new SnapshotVerification(Instant.parse(v.path("at").asText()), v.path("ok").asBoolean(false),
                counts(v.path("restored")), Duration.ofMillis(Math.round(v.path("seconds").asDouble(0) * 1000)), v.path("message").asText("")))
                : Optional.empty();
        return new SnapshotRecord(o.path("repository").asText(), o.path("snapshot").asText(), counts(o.path("countsBefore")),
                counts(o.path("countsAfter")), verification);
    }

    private static Map<String, Long> counts(JsonNode n) {
        Map<String, Long> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }
}
