package io.rolestack.core.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads a command's stdout or stderr to the end while it runs, so a full pipe
 * or SSH window never stalls the command. Blocking reads run on threads of
 * their own, never on the common pool, where they could starve each other.
 */
final class OutputPump {
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rolestack-output-pump");
        t.setDaemon(true);
        return t;
    });

    private OutputPump() {
    }

    /** Everything the stream gives until its end; if it is closed under us (timeout, kill), what arrived. */
    static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (in) {
                in.transferTo(b);
            } catch (IOException e) {
                // Closed under us: keep what arrived; the exit status says what happened.
            }
            return b.toByteArray();
        }, THREADS);
    }
}
