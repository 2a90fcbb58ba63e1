/** io.rolestack.health. */
package io.rolestack.health;
