/** The MariaDB cluster engine; {@link io.rolestack.mariadb.MariaDbCluster} is its facade. */
package io.rolestack.mariadb;
