/** Our own certificate authority per environment (BouncyCastle) and the secrets store it lives in. */
package io.rolestack.mariadb.tls;
