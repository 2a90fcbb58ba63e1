package io.rolestack.core.secrets;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Named secrets of one environment (the CA, passwords, keys). Names are plain
 * file names ({@code ca.pem}, {@code replication.password}), so the file store
 * keeps the layout people already have.
 *
 * <p>Something created once (a CA, a password) is created through
 * {@link #createIfAbsent}: under the store's lock, so two first runs at the
 * same time create one value, and the second run gets the first one's.
 */
public interface SecretStore {
    /** What a name may be: a file name without a leading dot or a path. */
    Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._@-]*");

    /** The secret stored under {@code name}, if any. */
    Optional<Secret> read(String name);

    /** Stores (replacing) {@code name}. A store that cannot keep it throws {@link SecretStoreException} naming it. */
    void write(String name, Secret value);

    /** Removes {@code name} when present. */
    void delete(String name);

    /** False for a store that only hands out what a caller put in (a credentials binding). */
    boolean writable();

    /** Names the store for messages, e.g. {@code file store /var/lib/rolestack/secrets/production}. */
    String describe();

    /** What a person does to bring this store's secrets back, for errors that refuse to go on without them. */
    String howToRestore();

    /**
     * Runs {@code action} holding the store's exclusive lock: no other thread and,
     * for a file store, no other process holds it meanwhile. Re-entrant in one thread.
     */
    <T> T withLock(Supplier<T> action);

    /** The secret under {@code name}; when absent, {@code create}'s value, stored once under the lock. */
    default Secret createIfAbsent(String name, Supplier<Secret> create) {
        return withLock(() -> read(name).orElseGet(() -> {
            Secret s = create.get();
            write(name, s);
            return s;
        }));
    }

    /** Refuses names that could leave the store (paths, dot files). */
    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad secret name '" + name + "': letters, digits, . _ @ - only, not starting with a dot");
        }
        return name;
    }
}
