package io.rolestack.vm.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Every machine resource an environment makes, written and synced to disk
 * BEFORE the resource is made. Whatever kills {@code up} (even {@code kill -9}),
 * {@code down} finds each resource that may exist here, and removes it if it does.
 * One line per resource: {@code KIND<TAB>value}.
 */
final class Journal {
    /** What kind of resource a line names; {@code down} removes them in reverse order. */
    enum Kind {
        /** A network namespace (its processes are killed, then it is deleted). */
        NETNS,
        /** A link in the machine's namespace (a veth end or the bridge). */
        LINK,
        /** An overlay mounted in the machine's mount namespace. */
        MOUNT,
        /** A route in the machine's main table, as {@code ip route} arguments. */
        ROUTE,
        /** A rule in the machine's iptables: {@code table chain rule-spec}. */
        IPTABLES_RULE,
        /** A chain of our own in the machine's filter table. */
        IPTABLES_CHAIN
    }

    record Entry(Kind kind, String value) {
        Entry {
            if (value.contains("\n") || value.contains("\t")) throw new IllegalArgumentException("journal value with tab/newline: " + value);
        }
    }

    private final Path file;

    Journal(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Appends and fsyncs; skipped when the same entry is already there (so {@code up} twice writes nothing new). */
    synchronized void record(Kind kind, String value) {
        Entry e = new Entry(kind, value);
        if (entries().contains(e)) return;
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap((kind + "\t" + value + "\n").getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write journal " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** Entries in the order they were recorded, each once; a torn last line (killed mid-write) is ignored. */
    synchronized List<Entry> entries() {
        if (!Files.exists(file)) return List.of();
        LinkedHashSet<Entry> out = new LinkedHashSet<>();
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            for (String line : text.split("\n", -1)) {
                int tab = line.indexOf('\t');
                if (tab < 0) continue;
                try {
                    out.add(new Entry(Kind.valueOf(line.substring(0, tab)), line.substring(tab + 1)));
                } catch (IllegalArgumentException torn) {
                    // a line cut short by a kill: its resource was never made
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal " + file + ": " + e.getMessage(), e);
        }
        return new ArrayList<>(out);
    }
}
