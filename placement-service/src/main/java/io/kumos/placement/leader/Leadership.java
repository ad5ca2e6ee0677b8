package io.kumos.placement.leader;

import java.time.Clock;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.jboss.logging.Logger;

import io.kumos.grid.components.ComponentDirectory;
import io.kumos.grid.leader.LeaderLock;
import io.kumos.placement.PlacementConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Which {@link Role}s this replica of placement-service leads: one {@link LeaderLock} per role in the grid, taken
 * and renewed every {@code kumos.placement.leader.renew-period}, given back on a graceful stop. Several replicas
 * share the roles out; a replica that crashes loses its roles after {@code kumos.placement.leader.lease}.
 *
 * <p>{@link #leads(Role)} never blocks and may be asked from any thread; renewal runs on a scheduler worker
 * thread (it blocks on the grid).
 */
@ApplicationScoped
public class Leadership {

    private static final Logger LOG = Logger.getLogger(Leadership.class);

    private final Map<Role, LeaderLock> locks = new EnumMap<>(Role.class);
    private final Set<Role> announced = EnumSet.noneOf(Role.class);
    private final String holder;
    private boolean gridFailing;

    Leadership(RemoteCacheManager grid, ComponentDirectory directory, PlacementConfig config) {
        // The instance name may repeat across replicas (same bind address in their own network namespaces).
        this.holder = directory.self().instance() + "/" + UUID.randomUUID();
        for (Role role : Role.values()) {
            locks.put(role, new LeaderLock(grid, role.lockName(), holder, config.leader().lease(), Clock.systemUTC()));
        }
    }

    /** Whether this replica runs the role now. */
    public boolean leads(Role role) {
        return locks.get(role).held();
    }

    /** The roles this replica runs now. */
    public Set<Role> led() {
        Set<Role> led = EnumSet.noneOf(Role.class);
        for (Role role : Role.values()) {
            if (leads(role)) {
                led.add(role);
            }
        }
        return led;
    }

    @Scheduled(every = "${kumos.placement.leader.renew-period:2s}", delay = 0,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renew() {
        try {
            for (Map.Entry<Role, LeaderLock> lock : locks.entrySet()) {
                announce(lock.getKey(), lock.getValue().acquireOrRenew());
            }
            if (gridFailing) {
                gridFailing = false;
                LOG.info("Leader locks can be renewed again");
            }
        } catch (RuntimeException e) {
            if (!gridFailing) {
                gridFailing = true;
                LOG.warnf("Cannot renew leader locks in the grid (%s); the roles this replica leads stop when their "
                        + "lease runs out. Is the Infinispan Server up? Check './kumos status'.", e.getMessage());
            }
        }
    }

    private void announce(Role role, boolean leading) {
        if (leading && announced.add(role)) {
            LOG.infof("%s now runs %s (lock %s)", holder, role.component(), role.lockName());
        } else if (!leading && announced.remove(role)) {
            LOG.infof("%s no longer runs %s: another replica holds lock %s", holder, role.component(),
                    role.lockName());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        for (LeaderLock lock : locks.values()) {
            try {
                lock.release();
            } catch (RuntimeException e) {
                LOG.debugf("Could not give back lock %s on shutdown; it expires by itself: %s", lock.name(),
                        e.getMessage());
            }
        }
    }
}
