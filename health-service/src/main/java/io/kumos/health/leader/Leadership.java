package io.kumos.health.leader;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.jboss.logging.Logger;

import io.kumos.grid.components.ComponentDirectory;
import io.kumos.grid.leader.LeaderLock;
import io.kumos.health.HealthConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Whether this replica runs the node lifecycle controller and the rescheduler (one lock for both: they must agree on
 * whose business a failing pod is, and both write Nodes): a {@link LeaderLock} in the grid
 * ({@value #LOCK}), taken and renewed every {@code kumos.health.leader.renew-period}, given back on a graceful
 * stop. A replica that crashes loses it after {@code kumos.health.leader.lease}.
 *
 * <p>Each time this replica starts leading, the {@link #term()} moves on: the controller then forgets what it
 * observed before (another replica may have acted meanwhile) and gives every node a fresh grace, as
 * kube-controller-manager does after a failover.
 *
 * <p>{@link #leads()} and {@link #term()} never block and may be asked from any thread; renewal runs on a
 * scheduler worker thread (it blocks on the grid).
 */
@ApplicationScoped
public class Leadership {

    /**
     * The lock's key in {@code kumos-leader-locks}, named as placement-service names its own. It keeps its name now
     * that it guards the rescheduler too: replicas of an older version must keep taking the same lock.
     */
    public static final String LOCK = "health-service/node-lifecycle-controller";

    private static final Logger LOG = Logger.getLogger(Leadership.class);

    private final LeaderLock lock;
    private final String holder;
    private final AtomicLong term = new AtomicLong();
    private boolean leading;
    private boolean gridFailing;

    Leadership(RemoteCacheManager grid, ComponentDirectory directory, HealthConfig config) {
        // The instance name may repeat across replicas (same bind address in their own network namespaces).
        this.holder = directory.self().instance() + "/" + UUID.randomUUID();
        this.lock = new LeaderLock(grid, LOCK, holder, config.leader().lease(), Clock.systemUTC());
    }

    /** Whether this replica runs the controller now. */
    public boolean leads() {
        return lock.held();
    }

    /** How many times this replica has started leading: a change means "observe everything afresh". */
    public long term() {
        return term.get();
    }

    @Scheduled(every = "${kumos.health.leader.renew-period:2s}", delay = 0,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renew() {
        try {
            boolean held = lock.acquireOrRenew();
            if (held && !leading) {
                term.incrementAndGet();
                LOG.infof("%s now runs the node lifecycle controller (lock %s)", holder, LOCK);
            } else if (!held && leading) {
                LOG.infof("%s no longer runs the node lifecycle controller: another replica holds lock %s", holder,
                        LOCK);
            }
            leading = held;
            if (gridFailing) {
                gridFailing = false;
                LOG.info("The node lifecycle controller's leader lock can be renewed again");
            }
        } catch (RuntimeException e) {
            leading = false;
            if (!gridFailing) {
                gridFailing = true;
                LOG.warnf("Cannot renew the leader lock %s in the grid (%s); this replica stops judging nodes when "
                        + "its lease runs out. Is the Infinispan Server up? Check './kumos status'.", LOCK,
                        e.getMessage());
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        try {
            lock.release();
        } catch (RuntimeException e) {
            LOG.debugf("Could not give back lock %s on shutdown; it expires by itself: %s", LOCK, e.getMessage());
        }
    }
}
