package io.rolestack.role.catalog;

/** A role definition that cannot be used; the message starts with the file (and line) at fault. */
public class CatalogException extends RuntimeException {
    public CatalogException(String where, String message) {
        super(where + ": " + message);
    }

    public CatalogException(String where, String message, Throwable cause) {
        super(where + ": " + message, cause);
    }
}
