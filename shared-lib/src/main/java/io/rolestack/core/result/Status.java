package io.rolestack.core.result;

/** The Ansible contract: nothing to do, something done, or failure. */
public enum Status {
    OK, CHANGED, FAILED;

    public Status and(Status other) {
        return values()[Math.max(ordinal(), other.ordinal())];
    }
}
