/** The option file the engine owns on each server (written through the role engine's file operation). */
package io.rolestack.mariadb.config;
