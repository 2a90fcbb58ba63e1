/** Setting up replication over TLS: account, seeding, replica links. */
package io.rolestack.mariadb.replication;
