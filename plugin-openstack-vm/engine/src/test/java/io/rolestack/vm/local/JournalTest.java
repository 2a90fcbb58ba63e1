package io.rolestack.vm.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

class JournalTest {
    @TempDir
    Path dir;

    @Test
    void keepsOrderAndWritesEachEntryOnce() {
        Journal j = new Journal(dir.resolve("env/journal"));
        j.record(Journal.Kind.LINK, "rsabcdebr");
        j.record(Journal.Kind.NETNS, "rs-e-app1");
        j.record(Journal.Kind.LINK, "rsabcdebr");
        assertThat(new Journal(dir.resolve("env/journal")).entries()).containsExactly(
                new Journal.Entry(Journal.Kind.LINK, "rsabcdebr"),
                new Journal.Entry(Journal.Kind.NETNS, "rs-e-app1"));
    }

    @Test
    void aTornOrUnknownLineIsSkipped() throws IOException {
        Journal j = new Journal(dir.resolve("journal"));
        j.record(Journal.Kind.MOUNT, "/var/lib/x/merged");
        Files.writeString(j.file(), "IPTAB", StandardOpenOption.APPEND);
        assertThat(j.entries()).containsExactly(new Journal.Entry(Journal.Kind.MOUNT, "/var/lib/x/merged"));
    }
}
