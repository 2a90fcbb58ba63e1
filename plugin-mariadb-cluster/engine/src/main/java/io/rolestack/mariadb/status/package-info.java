/** Replication state read from the servers: per server, per link, and the primary's view of the connections. */
package io.rolestack.mariadb.status;
