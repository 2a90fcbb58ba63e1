package io.rolestack.mariadb.replication;

/** Replication cannot be set up or switched on a host; the message names the host and the cause, never a secret. */
public class ReplicationException extends RuntimeException {
    public ReplicationException(String message) {
        super(message);
    }

    public ReplicationException(String message, Throwable cause) {
        super(message, cause);
    }
}
