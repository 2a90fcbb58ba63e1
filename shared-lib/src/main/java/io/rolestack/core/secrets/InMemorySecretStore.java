package io.rolestack.core.secrets;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Secrets a caller hands over, kept in memory only: what a Jenkins credentials
 * binding provides. A {@linkplain #readOnly read-only} store refuses every
 * write, naming the secret that is missing, because the caller is expected to
 * provide every secret (nothing it could create would survive the run).
 */
public final class InMemorySecretStore implements SecretStore {
    private final String description;
    private final String restore;
    private final boolean writable;
    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    private InMemorySecretStore(String description, String restore, boolean writable, Map<String, Secret> initial) {
        if (description == null || description.isBlank()) throw new IllegalArgumentException("an in-memory secret store needs a description");
        this.description = description;
        this.restore = restore;
        this.writable = writable;
        initial.forEach((k, v) -> secrets.put(SecretStore.checkName(k), v));
    }

    /**
     * Holds exactly {@code secrets}; writes are refused.
     *
     * @param description names the source in errors, e.g. {@code Jenkins credential 'rolestack-production'}
     * @param restore     what a person does to provide a missing secret
     */
    public static InMemorySecretStore readOnly(String description, String restore, Map<String, Secret> secrets) {
        return new InMemorySecretStore(description, restore, false, secrets);
    }

    /** Starts with {@code secrets} and keeps what is written, for this process only. */
    public static InMemorySecretStore writable(String description, Map<String, Secret> secrets) {
        return new InMemorySecretStore(description, "provide the secrets the first run created to " + description, true, secrets);
    }

    @Override
    public Optional<Secret> read(String name) {
        return Optional.ofNullable(secrets.get(SecretStore.checkName(name)));
    }

    @Override
    public void write(String name, Secret value) {
        SecretStore.checkName(name);
        if (!writable) {
            throw new SecretStoreException(describe() + " is read-only and " + (secrets.containsKey(name) ? "cannot replace" : "has no")
                    + " secret '" + name + "': " + restore);
        }
        secrets.put(name, value);
    }

    @Override
    public void delete(String name) {
        SecretStore.checkName(name);
        if (!writable) {
            if (secrets.containsKey(name)) throw new SecretStoreException(describe() + " is read-only: cannot remove '" + name + "'");
            return;
        }
        secrets.remove(name);
    }

    @Override
    public boolean writable() {
        return writable;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String howToRestore() {
        return restore;
    }

    @Override
    public <T> T withLock(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
