package io.rolestack.platform.heal;

import io.rolestack.core.files.AtomicFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * When {@code heal} last hard-rebooted each host, kept across runs in one file
 * ({@code <fqdn> <ISO-8601 instant>} per line), so a host is rebooted at most once per interval
 * whatever runs heal and how often. Written whole and atomically.
 */
public final class RebootLog {
    private final Path file;
    private final Map<String, Instant> last;

    private RebootLog(Path file, Map<String, Instant> last) {
        this.file = file;
        this.last = last;
    }

    /** The log in {@code file}; none yet is an empty log. A line that does not parse is refused, naming the file and line. */
    public static RebootLog load(Path file) {
        Map<String, Instant> last = new TreeMap<>();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return new RebootLog(file, last);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reboot log " + file + ": " + e.getMessage(), e);
        }
        int n = 0;
        for (String line : text.split("\n")) {
            n++;
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.trim().split("\\s+");
            try {
                if (f.length != 2) throw new DateTimeParseException("expected '<host> <instant>'", line, 0);
                last.put(f[0], Instant.parse(f[1]));
            } catch (DateTimeParseException e) {
                throw new IllegalStateException(file + ":" + n + ": not '<host> <ISO instant>': " + line);
            }
        }
        return new RebootLog(file, last);
    }

    public Path file() {
        return file;
    }

    public synchronized Optional<Instant> last(String host) {
        return Optional.ofNullable(last.get(host));
    }

    /** Notes a reboot and writes the log, before the reboot is sent: a run that dies half-way still counts it. */
    public synchronized void record(String host, Instant at) {
        last.put(host, at);
        StringBuilder b = new StringBuilder("# rolestack heal: last hard reboot per host\n");
        last.forEach((h, t) -> b.append(h).append(' ').append(t).append('\n'));
        AtomicFile.write(file, b.toString(), AtomicFile.PRIVATE);
    }
}
