package io.rolestack.app.deploy;

/** A deploy that could not start on the hosts (their releases unreadable); nothing was changed. */
public final class AppDeployException extends RuntimeException {
    public AppDeployException(String message, Throwable cause) {
        super(message, cause);
    }
}
