package io.rolestack.mariadb.status;

/** What a server is, read from its facts (not from its name). */
public enum ServerRole {
    /** writable, no replication link */
    PRIMARY,
    /** has a replication link */
    REPLICA,
    /** no link and read-only: a replica cut loose, or a primary locked mid-switchover */
    DETACHED,
    /** could not be asked */
    UNREACHABLE
}
