/** io.rolestack.core. */
package io.rolestack.core;
