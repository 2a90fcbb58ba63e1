package io.rolestack.role.catalog;

/** A host whose name asks for a role the catalog does not have. */
public class UnknownRoleException extends RuntimeException {
    public UnknownRoleException(String host, String role, java.util.Collection<String> known) {
        super(host + ": no role '" + role + "' in the catalog (roles: " + String.join(", ", known)
                + "); add roles/" + role + "/role.yaml to the roles directory or rename the host");
    }
}
