package io.rolestack.platform;

/**
 * A request the platform refuses before touching any host: a limit that matches
 * nothing, a host that is not in the spec, a timeout out of range. The message
 * names the input. The CLI maps it to exit code 2; a Pipeline step fails the
 * build with the message.
 */
public final class InvalidRequestException extends IllegalArgumentException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
