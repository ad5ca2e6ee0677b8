package io.kumos.health;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of health-service ({@code kumos.health.*}). */
@ConfigMapping(prefix = "kumos.health")
public interface HealthConfig {

    /** The api-gateway that Node conditions and taints, pod conditions, evictions and Events go to. */
    @WithDefault("http://127.0.0.1:7440")
    String apiUrl();

    /**
     * How often every node's liveness is judged and the taint eviction runs (kube-controller-manager's
     * {@code --node-monitor-period}). Read by the scheduler as {@code ${kumos.health.monitor-period}}.
     */
    @WithDefault("1s")
    Duration monitorPeriod();

    /**
     * How long a node may go unheard (no new grid heartbeat, no Lease renewal, as seen on this replica's clock)
     * before its conditions go Unknown and it is tainted unreachable ({@code --node-monitor-grace-period}). Node
     * agents heartbeat every 2 s by default: keep several periods in it.
     */
    @WithDefault("10s")
    Duration nodeGrace();

    /** The leader lock: which replica of health-service runs the node lifecycle controller. */
    Leader leader();

    /** The leader lock in the grid ({@code kumos.health.leader.*}). */
    interface Leader {

        /**
         * How long the lock outlives its holder's last renewal: after a crash, how long until another replica
         * takes over. A graceful stop gives it back at once.
         */
        @WithDefault("10s")
        Duration lease();

        /** How often the holder renews the lock (and a stand-by tries to take it); well under the lease. */
        @WithDefault("2s")
        Duration renewPeriod();
    }
}
