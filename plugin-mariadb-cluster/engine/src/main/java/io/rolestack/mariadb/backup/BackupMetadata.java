package io.rolestack.mariadb.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What is known about one backup, kept as {@code backup.json} beside its data.
 *
 * @param id           sortable name: start time (UTC) and source host, {@code 20261207T041500Z-db2}
 * @param server       FQDN of the server it was taken from
 * @param fromReplica  taken from a replica (false: the primary, the only server)
 * @param gtid         the GTID position the data is consistent at (for a replica, its gtid_slave_pos, frozen during the backup)
 * @param binlogPos    mariadb-backup's own record ({@code binlog_pos} of xtrabackup_info), as written there
 * @param version      the source server's version (prepare and restore need the same major version)
 * @param startedAt    backup start
 * @param endedAt      backup end (data and checksum complete)
 * @param streamBytes  size of the mbstream before compression
 * @param storedBytes  size of the stored, compressed file
 * @param sha256       of the stored file, computed while it was streamed to disk
 * @param compression  how the stored file is compressed ({@code zstd})
 * @param rowCounts    rows per table ({@code schema.table}) on the source at {@code gtid}; empty when not recorded
 * @param rowCountsRecorded whether {@code rowCounts} were taken (false for a backup of a lone primary, whose writes do not stop)
 * @param verification the last restore test, null when never tested
 */
public record BackupMetadata(String id, String server, boolean fromReplica, String gtid, String binlogPos, String version,
                             Instant startedAt, Instant endedAt, long streamBytes, long storedBytes, String sha256,
                             String compression, Map<String, Long> rowCounts, boolean rowCountsRecorded,
                             Verification verification) {
    public static final String FORMAT = "rolestack-mariadb-backup/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public BackupMetadata {
        rowCounts = java.util.Collections.unmodifiableMap(new TreeMap<>(rowCounts));
    }

    /** Valid only after a passed restore test: prepared, started, checked, counts matched, checksum matched. */
    public boolean valid() {
        return verification != null && verification.ok();
    }

    public Optional<Verification> lastVerification() {
        return Optional.ofNullable(verification);
    }

    public BackupMetadata withVerification(Verification v) {
        return new BackupMetadata(id, server, fromReplica, gtid, binlogPos, version, startedAt, endedAt, streamBytes, storedBytes,
                sha256, compression, rowCounts, rowCountsRecorded, v);
    }

    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("id", id);
        o.put("server", server);
        o.put("fromReplica", fromReplica);
        o.put("gtid", gtid);
        o.put("binlogPos", binlogPos);
        o.put("version", version);
        o.put("startedAt", startedAt.toString());
        o.put("endedAt", endedAt.toString());
        o.put("streamBytes", streamBytes);
        o.put("storedBytes", storedBytes);
        o.put("sha256", sha256);
        o.put("compression", compression);
        o.put("rowCountsRecorded", rowCountsRecorded);
        ObjectNode counts = o.putObject("rowCounts");
        rowCounts.forEach(counts::put);
        o.put("valid", valid());
        if (verification != null) {
            ObjectNode v = o.putObject("verification");
            v.put("at", verification.at().toString());
            v.put("host", verification.host());
            v.put("ok", verification.ok());
            v.put("checksumOk", verification.checksumOk());
            v.put("tables", verification.tables());
            v.put("seconds", verification.took().toMillis() / 1000.0);
            v.put("message", verification.message());
        } else {
            o.putNull("verification");
        }
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads {@code backup.json}; {@code where} names the file in errors. {@code valid} in the file is not read: it is
     * derived from the verification, so an edited flag cannot make a backup valid.
     */
    public static BackupMetadata parse(String json, String where) {
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (IOException e) {
            throw new BackupException(where + ": not valid JSON: " + e.getMessage());
        }
        if (o == null || !o.isObject()) throw new BackupException(where + ": not a JSON object");
        if (!FORMAT.equals(text(o, "format", where))) {
            throw new BackupException(where + ": format '" + o.path("format").asText() + "' is not " + FORMAT);
        }
        try {
            Map<String, Long> counts = new TreeMap<>();
            o.path("rowCounts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
            JsonNode v = o.path("verification");
            Verification ver = v.isObject() ? new Verification(Instant.parse(text(v, "at", where)), v.path("host").asText(""),
                    v.path("ok").asBoolean(false), v.path("checksumOk").asBoolean(false), v.path("tables").asInt(0),
                    Duration.ofMillis(Math.round(v.path("seconds").asDouble(0) * 1000)), v.path("message").asText("")) : null;
            return new BackupMetadata(text(o, "id", where), text(o, "server", where), o.path("fromReplica").asBoolean(false),
                    o.path("gtid").asText(""), o.path("binlogPos").asText(""), o.path("version").asText(""),
                    Instant.parse(text(o, "startedAt", where)), Instant.parse(text(o, "endedAt", where)),
                    o.path("streamBytes").asLong(-1), number(o, "storedBytes", where), sha(o, where),
                    o.path("compression").asText("zstd"), counts, o.path("rowCountsRecorded").asBoolean(false), ver);
        } catch (java.time.format.DateTimeParseException e) {
            throw new BackupException(where + ": bad time '" + e.getParsedString() + "'");
        }
    }

    private static String text(JsonNode o, String field, String where) {
        JsonNode n = o.get(field);
        if (n == null || !n.isTextual() || n.asText().isEmpty()) throw new BackupException(where + ": missing '" + field + "'");
        return n.asText();
    }

    private static long number(JsonNode o, String field, String where) {
        JsonNode n = o.get(field);
        if (n == null || !n.canConvertToLong()) throw new BackupException(where + ": missing '" + field + "'");
        return n.asLong();
    }

    private static String sha(JsonNode o, String where) {
        String s = text(o, "sha256", where);
        if (!s.matches("[0-9a-f]{64}")) throw new BackupException(where + ": sha256 '" + s + "' is not 64 hex digits");
        return s;
    }
}
