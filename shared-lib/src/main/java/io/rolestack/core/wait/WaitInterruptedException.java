package io.rolestack.core.wait;

/** The thread was interrupted while it waited; its interrupt flag is set again. */
public final class WaitInterruptedException extends RuntimeException {
    public WaitInterruptedException() {
        super("interrupted while waiting");
    }
}
