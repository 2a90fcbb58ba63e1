/** What the app tier connects to the database with: its own account on the primary, and the client files on each app host. */
package io.rolestack.mariadb.clients;
