package io.kumos.network.endpoints;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.grid.informers.ControllerLoop;
import io.kumos.grid.informers.ObjectInformer;
import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.leader.LeaderLock;
import io.kumos.grid.problems.OncePerObject;

/**
 * Runs {@link EndpointsSync} passes on a {@link ControllerLoop} of their own: every period, and at once when
 * a pod, Service, Endpoints or EndpointSlice changed (their informers' handlers wake it); wake-ups that come while a
 * pass waits share it. A pass reads the informers' stores, never the grid. Its own writes wake it too: the informers
 * hear of them a moment after they are made, so a pass that decided on a view without them (and had a write refused
 * as stale) is made again on the view with them, and a pass that finds everything up to date writes nothing. While
 * an informer is not current (it is listing, the grid does not answer, or its projection is being rebuilt) a pass
 * does nothing: an absent pod or Service then proves nothing, and emptying Endpoints on that ground would cut
 * traffic; it is made again when the informer is current again (its handlers say so).
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
    private final Map<String, ObjectInformer> informers = new LinkedHashMap<>();
    private final EndpointsSync sync;
    private final LeaderLock lock;
    private final ControllerLoop loop;
    // Confined to the loop's thread.
    private boolean leading;

    /**
     * @param lock held by the one loop that acts among the replicas; its lifespan is how long the others wait
     *             when the holder crashes
     */
    public EndpointsLoop(SharedInformers informers, EndpointsSync sync, Duration period, LeaderLock lock) {
        EndpointsSync.RESOURCES.forEach(resource -> this.informers.put(resource, informers.informer(resource)));
        this.sync = sync;
        this.lock = lock;
        this.loop = new ControllerLoop("Endpoints controller", period, ControllerLoop.GAP, this::pass);
    }

    public void start() {
        informers.values().forEach(loop::listenTo);
        loop.execute(this::renew);
        loop.start(Duration.ZERO);
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
        loop.schedule(this::renew, lock.lifespan().dividedBy(3));
    }

    /** A pass as soon as the loop allows; wake-ups meanwhile share it. Never blocks. */
    public void wake() {
        loop.wake();
    }

    /**
     * One pass, if this replica holds the lock. An informer that is not current refuses to be read, and the
     * loop tells it (once, if the grid does not answer): Endpoints stay as they are meanwhile.
     */
    private void pass() {
        if (!lock.held()) {
            return;
        }
        Map<String, List<JsonNode>> live = new HashMap<>();
        informers.forEach((resource, informer) -> live.put(resource, informer.current().list()));
        sync.sync(live);
    }

    @Override
    public void close() {
        loop.close();
        try {
            lock.release();
        } catch (RuntimeException e) {
            LOG.debugf("Giving the lock back failed: %s", e.getMessage());
        }
    }
}
