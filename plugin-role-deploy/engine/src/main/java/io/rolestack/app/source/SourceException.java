package io.rolestack.app.source;

/**
 * An input of a release that cannot be had: an unreachable repo, a ref that is not there, a zip whose sha256
 * differs. The message names the input ({@code app wp: plugin seo: ...}); thrown before any host is touched.
 */
public final class SourceException extends RuntimeException {
    public SourceException(String input, String message) {
        super(input + ": " + message);
    }

    public SourceException(String input, String message, Throwable cause) {
        super(input + ": " + message, cause);
    }
}
