package io.rolestack.core.secrets;

import java.util.Objects;

/** A secret value (password, private key PEM) that never shows itself in logs or messages. */
public record Secret(String value) {
    public Secret {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
