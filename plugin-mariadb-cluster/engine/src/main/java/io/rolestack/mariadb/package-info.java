/** io.rolestack.mariadb. */
package io.rolestack.mariadb;
