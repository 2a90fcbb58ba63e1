/**
 * MariaDB physical backups (docs/backups.md): {@link io.rolestack.mariadb.backup.BackupTaker} streams a
 * mariadb-backup from a replica into a {@link io.rolestack.mariadb.backup.BackupStore},
 * {@link io.rolestack.mariadb.backup.BackupVerifier} restores it into a throwaway server and marks it valid,
 * {@link io.rolestack.mariadb.backup.Retention} decides what pruning deletes. {@link io.rolestack.mariadb.backup.MariaDbBackups}
 * is the facade.
 */
package io.rolestack.mariadb.backup;
