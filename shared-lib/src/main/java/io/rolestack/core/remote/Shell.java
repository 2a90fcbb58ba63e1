package io.rolestack.core.remote;

/** POSIX shell quoting for building command lines. */
public final class Shell {
    private Shell() {
    }

    /** Single-quotes a word so {@code sh} reads it literally. */
    public static String quote(String word) {
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    /** The shell script an atomic upload runs after the bytes are on the host in {@code tmp}. */
    static String installScript(String tmp, String path, FileMode mode) {
        return "chown " + quote(mode.owner() + ":" + mode.group()) + " " + quote(tmp)
                + " && chmod " + mode.octal() + " " + quote(tmp)
                + " && mv -f " + quote(tmp) + " " + quote(path);
    }

    /**
     * Writes stdin to a temp file beside {@code path}, then installs it: the whole
     * atomic upload in one round trip. The size is checked before the rename:
     * if the client dies mid-transfer, {@code cat} sees an early end of input and
     * exits 0, and without the check a truncated file would be installed.
     */
    static String atomicWriteScript(String path, FileMode mode, String nonce, long size) {
        String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "./";
        String base = path.substring(path.lastIndexOf('/') + 1);
        String tmp = dir + "." + base + ".rolestack-" + nonce;
        return "umask 077 && cat > " + quote(tmp)
                + " && [ \"$(wc -c < " + quote(tmp) + ")\" -eq " + size + " ]"
                + " && " + installScript(tmp, path, mode)
                + " || { rm -f " + quote(tmp) + "; exit 1; }";
    }
}
