/** Moving the primary role to a replica without losing writes, with rollback. */
package io.rolestack.mariadb.switchover;
