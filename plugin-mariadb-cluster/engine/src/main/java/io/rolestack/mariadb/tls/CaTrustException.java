package io.rolestack.mariadb.tls;

/**
 * The secret store's CA is not the one the DB hosts trust (or the store has none
 * while they trust one): the run stops before anything is written to any host.
 * The message names the store, the hosts, both fingerprints and how to restore the store.
 */
public class CaTrustException extends IllegalStateException {
    private final transient TrustCheck check;

    public CaTrustException(TrustCheck check) {
        super(check.message());
        this.check = check;
    }

    public TrustCheck check() {
        return check;
    }
}
