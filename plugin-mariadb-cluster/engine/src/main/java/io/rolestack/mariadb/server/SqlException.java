package io.rolestack.mariadb.server;

/** A statement failed on a host; the message names the host and MariaDB's error (never a secret). */
public class SqlException extends RuntimeException {
    private final String host;
    private final int errorCode;

    public SqlException(String host, int errorCode, String message) {
        super(host + ": " + message);
        this.host = host;
        this.errorCode = errorCode;
    }

    public String host() {
        return host;
    }

    /** MariaDB's error number (1290 = read-only), 0 when the client failed before the server answered. */
    public int errorCode() {
        return errorCode;
    }
}
