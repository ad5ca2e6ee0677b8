package io.kumos.grid.informers;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.kumos.grid.objects.ProjectedObjects;

/**
 * The shell a controller's passes run in: a thread of its own; a pass every {@code period}, and as soon as one of
 * the informers it listens to tells a change that matters to it (so a controller reacts in milliseconds, not at
 * its next period), but never sooner than {@code gap} after the previous pass ended, so that a burst of changes
 * costs a few passes, not one each: wake-ups that come while a pass waits share it.
 *
 * <p>A pass reads the informers' stores; while one is not current (the projection is being rebuilt, the informer is
 * listing) it refuses with {@link ProjectedObjects.IncompleteProjectionException}, and the loop waits quietly for
 * the informer's next change or current-again, which wake it. Any other failure (the grid or the API does not
 * answer) is told once, at WARN, until a pass works again, which is told at INFO; the period retries meanwhile.
 *
 * <p>Thread-safe: {@link #wake()} may be called from any thread and never blocks; passes never overlap.
 */
public final class ControllerLoop implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ControllerLoop.class);

    /**
     * The gap Kumos' controllers leave between passes that changes ask for: short enough to react within
     * milliseconds, long enough that a burst of thousands of changes is a few dozen passes, not thousands.
     */
    public static final Duration GAP = Duration.ofMillis(10);

    private final String name;
    private final Duration period;
    private final Duration gap;
    private final Runnable pass;
    private final AtomicBoolean woken = new AtomicBoolean();
    private final ScheduledExecutorService thread;
    /** When the last pass ended, {@link System#nanoTime()}: written by the loop's thread, read by wakers. */
    private volatile long lastEnd = System.nanoTime();
    // Confined to the loop's thread.
    private boolean failing;

    /**
     * @param name   what runs, as an operator reads it in the log ("Scheduling", "Workload controllers"); also the
     *               thread's name
     * @param period how long the loop waits for a change before it passes anyway
     * @param gap    the least time from the end of a pass to the start of one that a change asked for
     * @param pass   one pass over what the informers hold; only ever called on the loop's thread
     */
    public ControllerLoop(String name, Duration period, Duration gap, Runnable pass) {
        this.name = name;
        this.period = period;
        this.gap = gap;
        this.pass = pass;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "kumos-" + name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
            t.setDaemon(true);
            return t;
        });
    }

    /** Wakes a pass on every change of the informer (and whenever it is current again). */
    public ControllerLoop listenTo(ObjectInformer informer) {
        informer.addHandler(ObjectEventHandler.onAnyChange(this::wake));
        return this;
    }

    /**
     * Wakes a pass on the changes the handler signals: it calls {@link #wake()} for those that matter (the
     * scheduler's, say, for pods that need a node), so that the others cost no pass.
     */
    public ControllerLoop listenTo(ObjectInformer informer, ObjectEventHandler handler) {
        informer.addHandler(handler);
        return this;
    }

    /** Starts the periodic passes, the first after {@code delay}. */
    public void start(Duration delay) {
        thread.scheduleWithFixedDelay(this::run, delay.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a task on the loop's thread, between passes (so that no pass runs meanwhile). Never blocks. */
    public void execute(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debugf("%s: shutting down, task dropped", name);
        }
    }

    /** Runs a task on the loop's thread after a delay, between passes (a leader lock's renewal, say). */
    public void schedule(Runnable task, Duration delay) {
        try {
            thread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debugf("%s: shutting down, task dropped", name);
        }
    }

    /** A pass as soon as the gap allows; wake-ups meanwhile share it. Never blocks. */
    public void wake() {
        if (!woken.compareAndSet(false, true)) {
            return;
        }
        try {
            long wait = lastEnd + gap.toNanos() - System.nanoTime();
            thread.schedule(this::run, Math.max(0, wait), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debugf("%s: shutting down, no more passes", name);
        }
    }

    private void run() {
        woken.set(false);
        try {
            pass.run();
            if (failing) {
                failing = false;
                LOG.infof("%s works again", name);
            }
        } catch (ProjectedObjects.IncompleteProjectionException e) {
            LOG.debugf("%s waits: %s", name, e.getMessage());
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warnf("%s failed (%s); retrying every %d ms. Are the grid and the api-gateway up? Check "
                        + "'./kumos status'.", name, e.getMessage(), period.toMillis());
            }
        } finally {
            lastEnd = System.nanoTime();
        }
    }

    /** Stops the loop, waiting a few seconds for a pass under way to end (so nothing acts after this returns). */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
