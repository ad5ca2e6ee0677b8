package io.kumos.testing.hollow;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.kumos.grid.api.ApiCallException;

/**
 * API writes of a fleet on a few threads, at most one per key at a time: a write asked for while the same key's is
 * queued or running is dropped (the one in flight writes the latest state anyway). A failed write is counted and
 * remembered, not retried: the next heartbeat, renewal or change asks again.
 *
 * <p>Thread-safe; {@link #submit} never blocks.
 */
final class KeyedWrites implements AutoCloseable {

    private final ExecutorService threads;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> lastFailure = new AtomicReference<>("");

    KeyedWrites(String name, int threadCount) {
        AtomicInteger number = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(threadCount, runnable -> {
            Thread thread = new Thread(runnable, name + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs the write unless one of the same key is pending. */
    void submit(String key, Runnable write) {
        if (!inFlight.add(key)) {
            return;
        }
        try {
            threads.execute(() -> {
                try {
                    write.run();
                } catch (ApiCallException e) {
                    failures.incrementAndGet();
                    lastFailure.set(key + ": " + e.getMessage());
                } finally {
                    inFlight.remove(key);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(key); // closed
        }
    }

    long failures() {
        return failures.get();
    }

    String lastFailure() {
        return lastFailure.get();
    }

    @Override
    public void close() {
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
