package io.kumos.network.endpoints;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.jboss.logging.Logger;

import io.kumos.grid.GridCaches;
import io.kumos.grid.leader.LeaderLock;
import io.kumos.grid.objects.GridObject;
import io.kumos.grid.objects.ObjectChanges;
import io.kumos.grid.objects.ProjectedObjects;
import io.kumos.grid.problems.OncePerObject;

/**
 * Runs {@link EndpointsSync} passes on a thread of its own, {@code kumos-endpoints}: every period, and at once when
 * the grid says a pod or a Service changed ({@link ObjectChanges}); wake-ups that come while a pass waits share it.
 * While the projection is incomplete (the grid restarted, the api-gateway rebuilds it) a pass does nothing: an
 * absent pod or Service then proves nothing, and emptying Endpoints on that ground would cut traffic. While the grid
 * does not answer, the period alone drives it, and it listens again once the grid answers.
 *
 * <p>Several network-service replicas may each run one; one at a time acts, the holder of a {@link LeaderLock} in
 * the grid, renewed every third of its lifespan on the same thread. The others stand by and take over when it is
 * given back (a graceful stop) or runs out (a crash). Were two ever to act at once, they would still converge: they
 * compute the same objects and write only differences (a create that another made first turns into a patch).
 */
public final class EndpointsLoop implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EndpointsLoop.class);
    /** The lock, as {@link #lockFailures} names it. */
    private static final String LOCK = "the endpoints controller's lock";

    /** Failures to take or renew the lock, told once per reason. */
    private final OncePerObject lockFailures = new OncePerObject(LOG);
    private final RemoteCacheManager grid;
    private final EndpointsSync sync;
    private final Duration period;
    private final LeaderLock lock;
    // Endpoints and slices (mostly this loop's own writes) do not wake it; the period repairs anyone else's.
    private final ObjectChanges changes = new ObjectChanges(Set.of("core/pods", "core/services"), this::wake);
    private final AtomicBoolean woken = new AtomicBoolean();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "kumos-endpoints");
        t.setDaemon(true);
        return t;
    });
    // Confined to the loop's thread.
    private boolean listening;
    private boolean gridFailing;
    private boolean leading;

    /**
     * @param lock held by the one loop that acts among the replicas; its lifespan is how long the others wait
     *             when the holder crashes
     */
    public EndpointsLoop(RemoteCacheManager grid, EndpointsSync sync, Duration period, LeaderLock lock) {
        this.grid = grid;
        this.sync = sync;
        this.period = period;
        this.lock = lock;
    }

    public void start() {
        thread.execute(this::renew);
        thread.scheduleWithFixedDelay(this::pass, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes or keeps the lock, then again in a third of its lifespan; a replica that starts leading syncs at once. */
    private void renew() {
        boolean held;
        try {
            held = lock.acquireOrRenew();
            lockFailures.recovered(LOCK, "The endpoints controller's lock answers again");
        } catch (RuntimeException e) {
            held = false;
            lockFailures.warn(LOCK, String.valueOf(e.getMessage()), "Cannot take or renew the endpoints controller's "
                    + "lock " + lock.name() + " (" + e.getMessage() + "); no Endpoints are written by this replica "
                    + "until it can. Is the Infinispan Server up? Check './kumos status'.");
        }
        if (held != leading) {
            leading = held;
            LOG.infof(held ? "This network-service maintains Endpoints and EndpointSlices now (lock %s)"
                    : "Another network-service maintains Endpoints and EndpointSlices now (lock %s)", lock.name());
            if (held) {
                wake();
            }
        }
        try {
            thread.schedule(this::renew, lock.lifespan().toMillis() / 3, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Shutting down: the lock is not renewed");
        }
    }

    /** A pass as soon as the thread is free; wake-ups meanwhile share it. Never blocks. */
    public void wake() {
        if (woken.compareAndSet(false, true)) {
            try {
                thread.execute(this::pass);
            } catch (RejectedExecutionException e) {
                LOG.debug("Shutting down: no more endpoints passes");
            }
        }
    }

    private void pass() {
        woken.set(false);
        if (!lock.held()) {
            return;
        }
        try {
            if (!listening) {
                // Before reading, so that a change made meanwhile is either read or heard.
                listen();
            }
            List<GridObject> live = ProjectedObjects.live(grid, EndpointsSync.RESOURCES);
            if (gridFailing) {
                gridFailing = false;
                LOG.info("The grid answers again: Endpoints and EndpointSlices are maintained again");
            }
            sync.sync(live);
        } catch (ProjectedObjects.IncompleteProjectionException e) {
            LOG.debugf("Endpoints stay as they are: %s", e.getMessage());
        } catch (RuntimeException e) {
            listening = false;
            if (!gridFailing) {
                gridFailing = true;
                LOG.warnf("Cannot read Services and pods from the grid (%s); Endpoints and EndpointSlices stay as "
                        + "they are until it answers. Is the Infinispan Server up? Check './kumos status'.",
                        e.getMessage());
            }
        }
    }

    private void listen() {
        RemoteCache<String, GridObject> objects = GridCaches.open(grid, GridCaches.OBJECTS);
        try {
            objects.removeClientListener(changes);
        } catch (RuntimeException e) {
            LOG.debugf("No previous grid listener to remove: %s", e.getMessage());
        }
        objects.addClientListener(changes);
        listening = true;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            GridCaches.open(grid, GridCaches.OBJECTS).removeClientListener(changes);
            lock.release();
        } catch (RuntimeException e) {
            LOG.debugf("Removing the grid listener or giving the lock back failed: %s", e.getMessage());
        }
    }
}
