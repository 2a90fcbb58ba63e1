package io.rolestack.core.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs one task per item (usually per host) with at most {@code parallelism} at
 * once. A task that throws does not stop the others: its failure is turned into
 * a result by {@code onFailure}. Results come back in the items' order.
 */
public final class Fanout {
    private Fanout() {
    }

    /** A sensible default for these machines: 2 cores, but the work is mostly waiting on hosts. */
    public static final int DEFAULT_PARALLELISM = 8;

    public static <I, R> List<R> run(List<I> items, int parallelism, Function<I, R> task,
                                     BiFunction<I, RuntimeException, R> onFailure) {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
        if (items.isEmpty()) return List.of();
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, items.size()), r -> {
            Thread t = new Thread(r, "rolestack-host-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (I item : items) {
                futures.add(pool.submit(() -> {
                    try {
                        return task.apply(item);
                    } catch (RuntimeException e) {
                        return onFailure.apply(item, e);
                    }
                }));
            }
            List<R> results = new ArrayList<>(items.size());
            for (Future<R> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("failure handler threw", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for hosts", e);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
