/** The option file the engine owns on each server (written through shared-lib's file operation, io.rolestack.core.ops). */
package io.rolestack.mariadb.config;
