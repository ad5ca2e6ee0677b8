package io.kumos.grid.leader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.infinispan.client.hotrod.Flag;
import org.infinispan.client.hotrod.MetadataValue;
import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;

import io.kumos.grid.GridCaches;

/**
 * A lock in the grid ({@code kumos-leader-locks}) that at most one process holds at a time, so that a control loop
 * runs in one process however many replicas of its service run. The entry names the holder and carries a
 * lifespan: it is taken with {@code putIfAbsent}, kept with a versioned {@code replace} that starts the lifespan
 * again, and given back with a versioned {@code remove}. A holder that dies, or loses the grid, stops renewing and
 * the entry expires by itself, after which another process takes it.
 *
 * <p>A holder believes it leads until one lifespan after it <em>sent</em> its last successful renewal: the server
 * counts the lifespan from when it received the write, later, so the holder always stops believing before the
 * entry can expire and another process take it (clock rates aside, which a margin in the caller's renewal period
 * covers).
 *
 * <p>Threading: every method but {@link #held()} makes blocking Hot Rod calls; call them from worker threads.
 * {@link #held()} only reads the clock and may be called from anywhere.
 */
public final class LeaderLock {

    private final RemoteCacheManager grid;
    private final String name;
    private final String holder;
    private final Duration lifespan;
    private final Clock clock;
    private volatile Instant heldUntil = Instant.MIN;

    /**
     * @param name     the lock, e.g. {@code placement-service/deployment-controller}
     * @param holder   this process; unique among every process that may ask (a random part is wise)
     * @param lifespan how long the lock outlives its holder's last renewal
     */
    public LeaderLock(RemoteCacheManager grid, String name, String holder, Duration lifespan, Clock clock) {
        this.grid = grid;
        this.name = name;
        this.holder = holder;
        this.lifespan = lifespan;
        this.clock = clock;
    }

    /**
     * Takes the lock if nobody holds it, renews it if this holder does.
     *
     * @return whether this holder leads for the next lifespan
     */
    public synchronized boolean acquireOrRenew() {
        RemoteCache<String, String> locks = locks();
        Instant asked = clock.instant();
        MetadataValue<String> current = locks.getWithMetadata(name);
        boolean held;
        if (current == null) {
            held = locks.putIfAbsent(name, holder, lifespan.toMillis(), TimeUnit.MILLISECONDS) == null;
        } else if (holder.equals(current.getValue())) {
            held = locks.replaceWithVersion(name, holder, current.getVersion(), lifespan.toMillis(),
                    TimeUnit.MILLISECONDS, -1, TimeUnit.SECONDS);
        } else {
            held = false;
        }
        heldUntil = held ? asked.plus(lifespan) : Instant.MIN;
        return held;
    }

    /** Whether this holder leads now, as of its last {@link #acquireOrRenew()}. Never blocks. */
    public boolean held() {
        return clock.instant().isBefore(heldUntil);
    }

    /** Gives the lock back if this holder has it, so another process need not wait for the lifespan. */
    public synchronized void release() {
        heldUntil = Instant.MIN;
        RemoteCache<String, String> locks = locks();
        MetadataValue<String> current = locks.getWithMetadata(name);
        if (current != null && holder.equals(current.getValue())) {
            locks.removeWithVersion(name, current.getVersion());
        }
    }

    /** Who holds the lock now, if anyone. */
    public Optional<String> holder() {
        return Optional.ofNullable(locks().get(name));
    }

    public String name() {
        return name;
    }

    /** How long the lock outlives its holder's last renewal. */
    public Duration lifespan() {
        return lifespan;
    }

    /** Opened on use, so a lock can be made while the grid is still down. */
    private RemoteCache<String, String> locks() {
        return GridCaches.<String, String>open(grid, GridCaches.LEADER_LOCKS).withFlags(Flag.FORCE_RETURN_VALUE);
    }
}
