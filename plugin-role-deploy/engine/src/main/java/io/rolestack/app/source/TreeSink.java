package io.rolestack.app.source;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where a source writes the files it exports (the release archive), path by path, so a tree never has to be
 * held in memory or checked out on disk. Paths are relative, '/'-separated, already checked to stay inside.
 */
public interface TreeSink {
    void directory(String path) throws IOException;

    /** A regular file of {@code size} bytes read from {@code content}; {@code executable} sets mode 0755 (else 0644). */
    void file(String path, boolean executable, long size, InputStream content) throws IOException;

    void symlink(String path, String target) throws IOException;

    /** Whether a path is refused by paths others own (a plugin's directory, a rendered config): then it is skipped. */
    default boolean skips(String path) {
        return false;
    }

    /** A path from an archive or a tree that must stay inside the release: relative, no '..', no empty segment. */
    static String checked(String input, String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) p = p.substring(2);
        if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        if (p.isEmpty() || p.startsWith("/")) throw new SourceException(input, "refused path '" + path + "' (absolute or empty)");
        for (String seg : p.split("/", -1)) {
            if (seg.isEmpty() || seg.equals("..") || seg.equals(".")) {
                throw new SourceException(input, "refused path '" + path + "' (it would leave the release)");
            }
        }
        return p;
    }
}
