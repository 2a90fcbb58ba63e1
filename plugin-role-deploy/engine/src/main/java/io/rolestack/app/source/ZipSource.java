package io.rolestack.app.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A zip over HTTP(S) (or file://) with the sha256 the spec gives, kept in the cache by that digest: downloaded
 * once, checked every time it is fetched, a mismatch an error naming both digests. Unpacked under a slug whatever
 * its own top directory is called (GitHub's {@code name-master/}).
 */
public final class ZipSource {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final String input;
    private final String url;
    private final String sha256;

    public ZipSource(String input, String url, String sha256) {
        this.input = input;
        this.url = url;
        this.sha256 = sha256;
    }

    /** The checked zip in {@code cacheDir/zip/}: from the cache when it is there and matches, else downloaded. */
    public Path fetch(Path cacheDir) {
        Path file = cacheDir.resolve("zip").resolve(sha256 + ".zip");
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    if (digest(in, OutputStream.nullOutputStream()).equals(sha256)) return file;
                }
            }
            Path tmp = Files.createTempFile(file.getParent(), "download-", ".tmp");
            try {
                String got;
                try (InputStream in = open(); OutputStream out = Files.newOutputStream(tmp)) {
                    got = digest(in, out);
                }
                if (!got.equals(sha256)) {
                    throw new SourceException(input, url + " has sha256 " + got + ", the spec says " + sha256
                            + " (changed upstream or a wrong checksum: nothing deployed)");
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return file;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new SourceException(input, "cannot download " + url + ": " + e.getMessage(), e);
        }
    }

    private InputStream open() throws IOException {
        URI uri = URI.create(url);
        if ("file".equals(uri.getScheme())) return Files.newInputStream(Path.of(uri));
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build();
        HttpResponse<InputStream> r;
        try {
            r = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (r.statusCode() != 200) {
            r.body().close();
            throw new IOException("HTTP " + r.statusCode());
        }
        return r.body();
    }

    private static String digest(InputStream in, OutputStream out) throws IOException {
        MessageDigest md = Digests.sha256();
        try (DigestInputStream d = new DigestInputStream(in, md)) {
            d.transferTo(out);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Writes the zip's files into {@code sink} under {@code prefix} ("wp-content/plugins/seo/"); a single top
     * directory holding everything (seo/, seo-master/) is dropped.
     */
    public void export(Path zip, String prefix, TreeSink sink) {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(z.entries());
            String strip = topDirectory(entries).map(t -> t + "/").orElse("");
            for (ZipEntry e : entries) {
                String name = TreeSink.checked(input, e.getName());
                if (name.equals(strip.isEmpty() ? null : strip.substring(0, strip.length() - 1))) continue;
                if (!strip.isEmpty()) name = name.substring(strip.length());
                String path = prefix + name;
                if (sink.skips(path)) continue;
                if (e.isDirectory()) {
                    sink.directory(path);
                } else {
                    try (InputStream in = z.getInputStream(e)) {
                        sink.file(path, false, e.getSize(), in);
                    }
                }
            }
        } catch (IOException e) {
            throw new SourceException(input, url + " is not a readable zip: " + e.getMessage(), e);
        }
    }

    /** The one top directory every entry is in, if there is one (no file at the top). */
    static Optional<String> topDirectory(List<? extends ZipEntry> entries) {
        String top = null;
        List<String> seen = new ArrayList<>();
        for (ZipEntry e : entries) {
            String n = e.getName().replace('\\', '/');
            while (n.startsWith("./")) n = n.substring(2);
            int slash = n.indexOf('/');
            if (slash < 0 && !e.isDirectory()) return Optional.empty();
            String first = slash < 0 ? n : n.substring(0, slash);
            if (first.isEmpty()) return Optional.empty();
            if (top == null) top = first;
            else if (!top.equals(first)) return Optional.empty();
            seen.add(n);
        }
        return seen.isEmpty() ? Optional.empty() : Optional.ofNullable(top);
    }
}
