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

    /** The leader lock: which replica of health-service runs the node lifecycle controller and the rescheduler. */
    Leader leader();

    /** Rescheduling of controller-owned pods that keep failing on their node ({@code kumos.health.reschedule.*}). */
    Reschedule reschedule();

    /**
     * When a pod is taken to fail because of its node, not its image or application: it fails there (restarts, or
     * waits for a node-local reason) while a sibling of the same controller is Ready on another node.
     */
    interface Reschedule {

        /** Whether pods that keep failing on their node are moved at all; off, health-service only judges nodes. */
        @WithDefault("true")
        boolean enabled();

        /**
         * How many container restarts, seen by this replica within {@link #window()}, make a pod failing on its node.
         * Three: one restart is a crash, three is a loop (the kubelet's back-off reaches 40 s by the third).
         */
        @WithDefault("3")
        int restarts();

        /** How far back restarts count. */
        @WithDefault("10m")
        Duration window();

        /**
         * How long a pod may wait with a node-local reason (ImagePullBackOff, ErrImagePull, CreateContainerConfigError,
         * CreatePodSandboxError) before it counts as failing on its node: longer than a slow image pull with retries.
         */
        @WithDefault("2m")
        Duration stuckFor();

        /**
         * How long a node asks the scheduler to keep a rescheduled pod's controller away (its entry in the annotation
         * {@code scheduler.alpha.kubernetes.io/preferAvoidPods}); health-service then removes the entry, so a node
         * repaired meanwhile is used again. Kubernetes never expires these entries; Kumos does.
         */
        @WithDefault("10m")
        Duration avoidFor();
    }

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
