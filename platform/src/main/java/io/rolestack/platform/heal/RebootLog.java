package io.rolestack.platform.heal;

import io.rolestack.core.files.AtomicFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * When {@code heal} last hard-rebooted each host, kept across runs in one file
 * ({@code <fqdn> <ISO-8601 instant>} per line), so a host is rebooted at most once per interval
 * whatever runs heal and how often. A reboot is claimed under a lock on {@code <file>.lock}, so two
 * runs at once (a timer and a person) cannot both reboot the same host; the file is written whole and atomically.
 */
public final class RebootLog {
    /** File locks are per process: runs in this JVM take turns here first. */
    private static final Object JVM = new Object();

    private final Path file;
    private final Map<String, Instant> last;

    private RebootLog(Path file, Map<String, Instant> last) {
        this.file = file;
        this.last = last;
    }

    /** The log in {@code file}; none yet is an empty log. A line that does not parse is refused, naming the file and line. */
    public static RebootLog load(Path file) {
        return new RebootLog(file, read(file));
    }

    public Path file() {
        return file;
    }

    /** The last reboot of {@code host} as the log had it when loaded or last claimed. */
    public synchronized Optional<Instant> last(String host) {
        return Optional.ofNullable(last.get(host));
    }

    /**
     * Records a reboot of {@code host} at {@code at} unless the log, read again under the lock, has one less than
     * {@code minInterval} before; then that one is returned and nothing is written. Called before the reboot is
     * sent: a run that dies half-way still counts it.
     */
    public Optional<Instant> claim(String host, Instant at, Duration minInterval) {
        synchronized (JVM) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                try (FileChannel ch = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = ch.lock()) {
                    Map<String, Instant> now = read(file);
                    Instant previous = now.get(host);
                    if (previous != null && previous.plus(minInterval).isAfter(at)) {
                        synchronized (this) {
                            last.putAll(now);
                        }
                        return Optional.of(previous);
                    }
                    now.put(host, at);
                    StringBuilder b = new StringBuilder("# rolestack heal: last hard reboot per host\n");
                    now.forEach((h, t) -> b.append(h).append(' ').append(t).append('\n'));
                    AtomicFile.write(file, b.toString(), AtomicFile.PRIVATE);
                    synchronized (this) {
                        last.putAll(now);
                    }
                    return Optional.empty();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot update the reboot log " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static Map<String, Instant> read(Path file) {
        Map<String, Instant> last = new TreeMap<>();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return last;
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
        return last;
    }
}
