/**
 * Where secrets live: {@link io.rolestack.core.secrets.SecretStore} with a file store
 * (a 0700 directory of 0600 files) and an in-memory store a caller fills (a Jenkins
 * credentials binding). Values are {@link io.rolestack.core.secrets.Secret}s, which never print themselves.
 */
package io.rolestack.core.secrets;
