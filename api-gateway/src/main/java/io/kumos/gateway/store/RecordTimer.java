package io.kumos.gateway.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Record work that repeats on a timer (garbage collection, compaction): each run on a fresh context of its own,
 * as Hibernate Reactive requires, and never two runs at once; a run still going when the timer fires again is let
 * finish.
 */
public final class RecordTimer {

    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public RecordTimer(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Runs {@code work} every {@code period}; a failed run is handed to {@code onFailure}. */
    public void start(Duration period, Supplier<Uni<?>> work, Consumer<Throwable> onFailure) {
        timer = vertx.setPeriodic(period.toMillis(), id -> {
            if (running.compareAndSet(false, true)) {
                RecordContexts.fresh(vertx).runOnContext(ignored -> work.get().subscribe().with(
                        done -> running.set(false),
                        failure -> {
                            running.set(false);
                            onFailure.accept(failure);
                        }));
            }
        });
    }

    public void stop() {
        vertx.cancelTimer(timer);
    }
}
