package io.rolestack.mariadb.backup;

import io.rolestack.core.remote.LocalRemote;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoomTest {
    @Test
    void enoughRoomPassesAndTooLittleSaysWhereHowMuchAndWhy() {
        assertThat(Room.withMargin(1000)).isEqualTo(1100);
        assertThatCode(() -> Room.require(1100, 1100, "x", "y", "z", "")).doesNotThrowAnyException();
        assertThatThrownBy(() -> Room.require(1288490188L, Room.withMargin(3650722201L), "the backup of db2.p.wpdn",
                "backup1.p.wpdn:/var/backups/rolestack", "backup B of db2.p.wpdn stored 3.4 GiB", "Prune."))
                .isInstanceOf(BackupException.class)
                .hasMessage("not enough room for the backup of db2.p.wpdn in backup1.p.wpdn:/var/backups/rolestack: 1.2 GiB free,"
                        + " about 3.7 GiB needed (backup B of db2.p.wpdn stored 3.4 GiB, + 10%); nothing was written. Prune.");
    }

    @Test
    void bytesForPeople() {
        assertThat(Room.bytes(512)).isEqualTo("512 B");
        assertThat(Room.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Room.bytes(5L << 40)).isEqualTo("5.0 TiB");
    }

    /** df on a real shell, for a directory that exists and for one not made yet (its parent's file system). */
    @Test
    void freeSpaceIsDfsAvailableOfTheNearestExistingDirectory() throws Exception {
        Path dir = Files.createTempDirectory("rolestack-room");
        try (LocalRemote here = new LocalRemote("this-machine")) {
            long javaSays = Files.getFileStore(dir).getUsableSpace();
            long dfSays = Room.freeOnHost(here, dir.resolve("not/made/yet").toString());
            // the same file system, read a moment apart by two means
            assertThat(dfSays).isCloseTo(javaSays, org.assertj.core.data.Percentage.withPercentage(5));
            assertThat(new DirectoryBackupStore(dir.resolve("backups")).freeBytes()).isCloseTo(javaSays, org.assertj.core.data.Percentage.withPercentage(5));
        } finally {
            Files.delete(dir);
        }
    }
}
