package io.rolestack.vm.openstack;

/**
 * An OpenStack API call that failed, naming what it was for ({@code target}: a
 * server, a security group, Keystone) and which call it was.
 */
public final class OpenStackApiException extends RuntimeException {
    private final String target;
    private final String call;
    private final int status;
    private final boolean retryable;

    public OpenStackApiException(String target, String call, int status, String reason, boolean retryable) {
        super(target + ": " + call + " failed: " + reason);
        this.target = target;
        this.call = call;
        this.status = status;
        this.retryable = retryable;
    }

    public String target() {
        return target;
    }

    public String call() {
        return call;
    }

    /** HTTP status, 0 when no answer came (connection refused, timeout). */
    public int status() {
        return status;
    }

    /** True for 5xx, timeouts, connection failures and 409 conflicts caused by a transient state. */
    public boolean retryable() {
        return retryable;
    }
}
