package io.rolestack.vm.local;

/** Local hosts cannot be made or removed; the message says what and why, for people (no stack trace needed). */
public class LocalHostsException extends RuntimeException {
    public LocalHostsException(String message) {
        super(message);
    }

    public LocalHostsException(String message, Throwable cause) {
        super(message, cause);
    }
}
