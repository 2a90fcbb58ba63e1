package io.rolestack.core.remote;

import java.util.Objects;

/** Owner, group and permission bits of a file written on a host. */
public record FileMode(String owner, String group, int permissions) {
    public static final FileMode ROOT_644 = new FileMode("root", "root", 0644);
    public static final FileMode ROOT_600 = new FileMode("root", "root", 0600);
    public static final FileMode ROOT_755 = new FileMode("root", "root", 0755);

    public FileMode {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(group, "group");
        if (permissions < 0 || permissions > 07777) throw new IllegalArgumentException("bad mode " + Integer.toOctalString(permissions));
    }

    public String octal() {
        return String.format("%04o", permissions);
    }
}
