package io.kumos.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmarks' load: {@code total} calls made as fast as they are answered by {@code clients} threads, each
 * taking the next call number when its last call is answered. A failed call is not counted in the latencies but
 * told, one line each, to the run's list of failures, which the benchmark prints and fails on.
 */
final class ConcurrentCalls {

    /** One call, numbered from 0. */
    interface Call {
        void call(int i) throws Exception;
    }

    private ConcurrentCalls() {
    }

    /** Runs the calls; the latencies in milliseconds of those that succeeded. */
    static List<Double> run(int clients, int total, Call call, List<String> failures) throws InterruptedException {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>(total));
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long start = System.nanoTime();
                    try {
                        call.call(i);
                        latencies.add((System.nanoTime() - start) / 1e6);
                    } catch (InterruptedException e) {
                        throw e;
                    } catch (Exception e) {
                        failures.add("call " + i + ": " + e);
                    }
                }
                return null;
            }));
        }
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            failures.add("run of " + total + " calls on " + clients + " clients did not end within 10 min: "
                    + latencies.size() + " succeeded");
        }
        for (Future<?> worker : workers) {
            if (worker.isDone() && !worker.isCancelled()) {
                try {
                    worker.get();
                } catch (ExecutionException e) {
                    failures.add("a client stopped: " + e.getCause());
                }
            }
        }
        return latencies;
    }
}
