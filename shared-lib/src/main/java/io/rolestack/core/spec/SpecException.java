package io.rolestack.core.spec;

/** A spec that cannot be used; the message starts with {@code file:line:column}. */
public final class SpecException extends RuntimeException {
    private final String file;
    private final int line;
    private final int column;

    public SpecException(String file, int line, int column, String message) {
        super(file + ":" + line + ":" + column + ": " + message);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
