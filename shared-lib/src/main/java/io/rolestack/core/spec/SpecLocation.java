package io.rolestack.core.spec;

/** A place in a spec file, kept with values that others check later (a provider's settings). */
public record SpecLocation(String file, int line, int column, String path) {
    public SpecException error(String message) {
        return new SpecException(file, line, column, (path.isEmpty() ? "" : path + ": ") + message);
    }
}
