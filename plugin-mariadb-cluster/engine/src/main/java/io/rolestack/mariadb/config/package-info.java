/** The option file the engine owns on each server, and files it manages on hosts (compare, then write atomically). */
package io.rolestack.mariadb.config;
