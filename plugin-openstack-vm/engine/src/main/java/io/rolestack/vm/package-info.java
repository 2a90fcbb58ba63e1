/** io.rolestack.vm. */
package io.rolestack.vm;
