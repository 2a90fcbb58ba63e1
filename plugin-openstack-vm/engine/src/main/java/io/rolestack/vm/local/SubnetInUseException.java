package io.rolestack.vm.local;

/** The subnets asked for are used by another local environment or a route of this machine. */
public class SubnetInUseException extends IllegalArgumentException {
    public SubnetInUseException(String message) {
        super(message);
    }
}
