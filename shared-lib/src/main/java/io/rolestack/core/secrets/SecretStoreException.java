package io.rolestack.core.secrets;

/** A secret store cannot be opened, read or written; the message names the store and the secret, never its value. */
public class SecretStoreException extends RuntimeException {
    public SecretStoreException(String message) {
        super(message);
    }

    public SecretStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
