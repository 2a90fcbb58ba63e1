/** io.rolestack.role. */
package io.rolestack.role;
