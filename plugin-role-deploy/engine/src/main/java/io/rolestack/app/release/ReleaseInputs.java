package io.rolestack.app.release;

import io.rolestack.app.source.Digests;

import java.util.List;

/**
 * Everything a release is made of, one line each ({@code app wp}, {@code repo URL REF COMMIT},
 * {@code plugin seo zip URL SHA256}, {@code config wp-config.php SHA256}...): the release id is a digest of these
 * lines, so unchanged inputs give the same id (no new release) and any change gives another.
 */
public record ReleaseInputs(List<String> lines) {
    /** Bumped when the archive's layout changes for the same inputs, so old releases are not reused. */
    public static final String FORMAT = "format 1";

    public ReleaseInputs {
        lines = List.copyOf(lines);
    }

    /** 16 hex digits of the SHA-256 of the lines (64 bits: no two releases of one app collide in practice). */
    public String id() {
        return Digests.sha256(FORMAT + "\n" + String.join("\n", lines) + "\n").substring(0, 16);
    }
}
