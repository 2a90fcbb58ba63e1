package io.rolestack.core.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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

    /**
     * Copies the stream to {@code sink} until its end, never holding more than a buffer: the byte count,
     * or the sink's failure (disk full...). After a sink failure the rest is read and dropped, so the
     * command is not left blocked on a full pipe or SSH window; the caller reports the failure.
     */
    static CompletableFuture<Long> copy(InputStream in, OutputStream sink) {
        return CompletableFuture.supplyAsync(() -> {
            byte[] buf = new byte[1 << 16];
            long total = 0;
            IOException failed = null;
            try (in) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    if (failed != null) continue;
                    try {
                        sink.write(buf, 0, n);
                        total += n;
                    } catch (IOException e) {
                        failed = e;
                    }
                }
            } catch (IOException e) {
                // Closed under us (timeout, kill): the exit status says what happened.
            }
            if (failed != null) throw new UncheckedIOException(failed);
            return total;
        }, THREADS);
    }
}
