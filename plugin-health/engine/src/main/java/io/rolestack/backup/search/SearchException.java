package io.rolestack.backup.search;

/** A search snapshot, restore or prune could not be done; the message names the node URL, repository or snapshot and what failed. */
public class SearchException extends RuntimeException {
    public SearchException(String message) {
        super(message);
    }

    public SearchException(String message, Throwable cause) {
        super(message, cause);
    }
}
