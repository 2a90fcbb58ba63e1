package io.rolestack.mariadb.backup;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionTest {
    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    /** A backup ended {@code daysAgo} days before NOW; verified ok, failed, bad checksum, or never. */
    static StoredBackup backup(String id, int daysAgo, String state) {
        Instant end = NOW.minus(Duration.ofDays(daysAgo));
        Verification v = switch (state) {
            case "valid" -> new Verification(end, "db2", true, true, 3, Duration.ofSeconds(5), "ok");
            case "failed" -> new Verification(end, "db2", false, true, 3, Duration.ofSeconds(5), "CHECK TABLE failed");
            case "checksum" -> new Verification(end, "", false, false, 0, Duration.ZERO, "checksum mismatch");
            default -> null;
        };
        BackupMetadata m = new BackupMetadata(id, "db2.test.wpdn", true, "0-1-" + daysAgo, "", "10.11", end.minusSeconds(60), end,
                100, 50, "0".repeat(64), "zstd", Map.of(), true, v);
        return new StoredBackup(id, Path.of("/b", id), m, "");
    }

    static List<String> deleted(Retention r, List<StoredBackup> backups) {
        return r.decide(backups, NOW).stream().filter(Retention.Decision::delete).map(Retention.Decision::id).toList();
    }

    @Test
    void keepsTheNewestValidBackupsAndDeletesOlderValidOnes() {
        List<StoredBackup> b = List.of(backup("d5", 5, "valid"), backup("d4", 4, "valid"), backup("d3", 3, "valid"),
                backup("d2", 2, "valid"), backup("d1", 1, "valid"));
        assertThat(deleted(new Retention(Optional.of(3), Optional.empty()), b)).containsExactly("d5", "d4");
        assertThat(deleted(new Retention(Optional.of(10), Optional.empty()), b)).isEmpty();
    }

    @Test
    void maxAgeDeletesOldValidBackupsButNeverTheNewestValidOne() {
        List<StoredBackup> b = List.of(backup("d40", 40, "valid"), backup("d35", 35, "valid"), backup("d10", 10, "valid"));
        assertThat(deleted(new Retention(Optional.empty(), Optional.of(Duration.ofDays(30))), b)).containsExactly("d40", "d35");
        // all too old: the newest valid one stays anyway
        List<StoredBackup> old = List.of(backup("d40", 40, "valid"), backup("d35", 35, "valid"));
        List<Retention.Decision> d = new Retention(Optional.empty(), Optional.of(Duration.ofDays(30))).decide(old, NOW);
        assertThat(d).extracting(Retention.Decision::delete).containsExactly(true, false);
        assertThat(d.get(1).reason()).contains("newest valid backup");
        // keep and maxAge together: either one deletes
        List<StoredBackup> mixed = List.of(backup("d40", 40, "valid"), backup("d20", 20, "valid"), backup("d10", 10, "valid"),
                backup("d1", 1, "valid"));
        assertThat(deleted(new Retention(Optional.of(3), Optional.of(Duration.ofDays(15))), mixed)).containsExactly("d40", "d20");
    }

    @Test
    void invalidBackupsOlderThanTheNewestValidOneGoNewerOnesStay() {
        List<StoredBackup> b = List.of(backup("d6", 6, "failed"), backup("d5", 5, "checksum"), backup("d4", 4, "unverified"),
                backup("d3", 3, "valid"), backup("d2", 2, "checksum"), backup("d1", 1, "unverified"));
        List<Retention.Decision> d = new Retention(Optional.of(5), Optional.empty()).decide(b, NOW);
        assertThat(d).filteredOn(Retention.Decision::delete).extracting(Retention.Decision::id).containsExactly("d6", "d5", "d4");
        assertThat(d.get(1).reason()).contains("checksum mismatch").contains("older than the newest valid backup d3");
        assertThat(d.get(0).reason()).contains("restore test failed");
        assertThat(d.get(2).reason()).contains("never restore-tested");
        assertThat(d.get(4).reason()).startsWith("kept: not valid (checksum mismatch) but newer");
    }

    @Test
    void withoutAnyValidBackupNothingIsDeletedAndACorruptBackupNeverCountsAsTheMinimum() {
        List<StoredBackup> none = List.of(backup("d9", 9, "checksum"), backup("d8", 8, "failed"), backup("d1", 1, "unverified"));
        assertThat(deleted(new Retention(Optional.of(1), Optional.of(Duration.ofDays(1))), none)).isEmpty();
        // the only valid one is old, a newer one is corrupt: the old valid one is the minimum and stays
        List<StoredBackup> b = List.of(backup("d50", 50, "valid"), backup("d2", 2, "checksum"));
        assertThat(deleted(new Retention(Optional.of(1), Optional.of(Duration.ofDays(30))), b)).isEmpty();
    }

    @Test
    void unreadableMetadataIsNeverDeleted() {
        List<StoredBackup> b = new ArrayList<>(List.of(backup("d3", 3, "valid"), backup("d1", 1, "valid")));
        b.add(0, new StoredBackup("old", Path.of("/b/old"), null, "not valid JSON"));
        List<Retention.Decision> d = new Retention(Optional.of(1), Optional.empty()).decide(b, NOW);
        assertThat(d).extracting(Retention.Decision::id, Retention.Decision::delete)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("old", false), org.assertj.core.groups.Tuple.tuple("d3", true),
                        org.assertj.core.groups.Tuple.tuple("d1", false));
    }

    @Test
    void aRetentionMustKeepAtLeastOneAndSaySomething() {
        assertThatThrownBy(() -> new Retention(Optional.of(0), Optional.empty())).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new Retention(Optional.empty(), Optional.empty())).hasMessageContaining("keep and/or maxAge");
    }
}
