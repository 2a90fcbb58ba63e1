package io.rolestack.mariadb.tls;

/** The CA store or a certificate cannot be read, written or issued; the message names the file. */
public class TlsException extends RuntimeException {
    public TlsException(String message) {
        super(message);
    }

    public TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
