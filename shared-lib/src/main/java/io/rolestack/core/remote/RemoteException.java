package io.rolestack.core.remote;

/** A failure reaching or acting on a host; the message starts with the host. */
public class RemoteException extends RuntimeException {
    private final String host;

    public RemoteException(String host, String message) {
        super(host + ": " + message);
        this.host = host;
    }

    public RemoteException(String host, String message, Throwable cause) {
        super(host + ": " + message, cause);
        this.host = host;
    }

    public String host() {
        return host;
    }
}
