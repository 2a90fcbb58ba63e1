package io.rolestack.vm.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * This machine's apt sources: the mirror the rootfs is built from, and the
 * files copied into it so hosts use the same mirror. Reads both formats:
 * deb822 ({@code *.sources}) and one-line ({@code sources.list}, {@code *.list}).
 *
 * @param files source file path (as on the machine) → its text, in apt's reading order
 */
record AptSources(Map<Path, String> files) {
    static final Path DIR = Path.of("/etc/apt");

    AptSources {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /** Reads the sources under {@code aptDir} ({@code /etc/apt} on a machine). */
    static AptSources read(Path aptDir) {
        Map<Path, String> files = new LinkedHashMap<>();
        try {
            Path list = aptDir.resolve("sources.list");
            if (Files.isRegularFile(list)) files.put(list, Files.readString(list, StandardCharsets.UTF_8));
            Path d = aptDir.resolve("sources.list.d");
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    for (Path p : s.sorted().toList()) {
                        String n = p.getFileName().toString();
                        // apt itself ignores other extensions (e.g. *.disabled): so do we.
                        if ((n.endsWith(".list") || n.endsWith(".sources")) && Files.isRegularFile(p)) {
                            files.put(p, Files.readString(p, StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read apt sources under " + aptDir + ": " + e.getMessage(), e);
        }
        return new AptSources(files);
    }

    /** One {@code deb} source: URI, suites and Signed-By keyring, with where it was read. */
    record Entry(Path file, int line, String uri, List<String> suites, List<String> components, Optional<String> signedBy) {
    }

    List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        for (Map.Entry<Path, String> f : files.entrySet()) {
            if (f.getKey().getFileName().toString().endsWith(".sources")) all.addAll(deb822(f.getKey(), f.getValue()));
            else all.addAll(oneLine(f.getKey(), f.getValue()));
        }
        return all;
    }

    /**
     * The mirror to debootstrap {@code suite} from: the first {@code deb} source
     * carrying that exact suite with component main.
     */
    String mirrorFor(String suite) {
        return entries().stream()
                .filter(e -> e.suites().contains(suite) && e.components().contains("main"))
                .map(Entry::uri)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no apt source on this machine carries suite '" + suite
                        + "' (component main); read " + files.keySet()));
    }

    private static List<Entry> deb822(Path file, String text) {
        List<Entry> out = new ArrayList<>();
        Map<String, String> stanza = new LinkedHashMap<>();
        int start = 1;
        String[] lines = (text + "\n\n").split("\n", -1);
        String lastKey = null;
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            if (raw.startsWith("#")) continue;
            if (raw.isBlank()) {
                if (!stanza.isEmpty()) {
                    String types = stanza.getOrDefault("types", "");
                    boolean enabled = !"no".equalsIgnoreCase(stanza.getOrDefault("enabled", "yes").strip());
                    if (enabled && List.of(types.split("\\s+")).contains("deb")) {
                        for (String uri : words(stanza.get("uris"))) {
                            out.add(new Entry(file, start, stripSlash(uri), words(stanza.get("suites")),
                                    words(stanza.get("components")),
                                    Optional.ofNullable(stanza.get("signed-by")).map(String::strip)
                                            .filter(s -> s.startsWith("/"))));
                        }
                    }
                    stanza.clear();
                }
                start = i + 2;
                lastKey = null;
                continue;
            }
            if ((raw.startsWith(" ") || raw.startsWith("\t")) && lastKey != null) {
                stanza.merge(lastKey, " " + raw.strip(), String::concat); // continuation line
                continue;
            }
            int colon = raw.indexOf(':');
            if (colon > 0) {
                lastKey = raw.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
                stanza.put(lastKey, raw.substring(colon + 1).strip());
            }
        }
        return out;
    }

    private static List<Entry> oneLine(Path file, String text) {
        List<Entry> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (!l.startsWith("deb ") && !l.startsWith("deb\t")) continue;
            l = l.substring(3).strip();
            Optional<String> signedBy = Optional.empty();
            if (l.startsWith("[")) {
                int end = l.indexOf(']');
                if (end < 0) continue;
                for (String opt : l.substring(1, end).strip().split("\\s+")) {
                    if (opt.startsWith("signed-by=")) signedBy = Optional.of(opt.substring("signed-by=".length()));
                }
                l = l.substring(end + 1).strip();
            }
            List<String> w = words(l);
            if (w.size() < 2) continue;
            out.add(new Entry(file, i + 1, stripSlash(w.get(0)), List.of(w.get(1)), w.subList(2, w.size()), signedBy));
        }
        return out;
    }

    private static List<String> words(String s) {
        if (s == null || s.isBlank()) return List.of();
        return List.of(s.strip().split("\\s+"));
    }

    private static String stripSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
