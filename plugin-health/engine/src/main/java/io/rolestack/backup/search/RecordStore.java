package io.rolestack.backup.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolestack.core.files.PrivateFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The records of Rolestack's snapshots, beside the MariaDB backups (a directory of the machine that runs it, or of
 * a backup host): {@code DIR/REPOSITORY/SNAPSHOT.json}, written atomically. The node keeps the snapshots; this keeps their counts and restore tests, which the
 * node has no place for (a snapshot's own metadata is fixed when it starts). A lost directory makes every
 * snapshot "never tested", hence not valid: retention then deletes nothing, which is the safe side.
 *
 * <p>{@code valid} is written for readers but never read back: validity is derived from the node's state
 * and {@code verification.ok}.
 */
public final class RecordStore {
    private final PrivateFiles files;

    /** Records on this machine, in {@code dir}. */
    public RecordStore(Path dir) {
        this(PrivateFiles.local(dir));
    }

    /** Records wherever {@code files} keeps them (a backup host's directory). */
    public RecordStore(PrivateFiles files) {
        this.files = files;
    }

    public String location() {
        return files.location();
    }

    private static String file(String repository, String snapshot) {
        return repository + "/" + snapshot + ".json";
    }

    public Optional<SnapshotRecord> read(String repository, String snapshot) {
        String f = file(repository, snapshot);
        try {
            Optional<byte[]> bytes = files.read(f);
            return bytes.isEmpty() ? Optional.empty() : Optional.of(fromJson(SearchHttp.JSON.readTree(bytes.get())));
        } catch (IOException | RuntimeException e) {
            throw new SearchException("snapshot record " + files.location() + "/" + f + ": unreadable (" + e.getMessage() + ")", e);
        }
    }

    public void write(SnapshotRecord r, boolean valid) {
        String f = file(r.repository(), r.snapshot());
        try {
            files.write(f, (SearchHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(r, valid)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new SearchException("snapshot record " + files.location() + "/" + f + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    public void delete(String repository, String snapshot) {
        try {
            files.delete(file(repository, snapshot));
        } catch (RuntimeException e) {
            throw new SearchException("snapshot record " + files.location() + "/" + file(repository, snapshot) + ": cannot delete ("
                    + e.getMessage() + ")", e);
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
