/** A MariaDB server as the engine reaches it: its host session, its layout, SQL through the mariadb CLI on the host. */
package io.rolestack.mariadb.server;
