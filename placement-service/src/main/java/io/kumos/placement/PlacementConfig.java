package io.kumos.placement;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of placement-service ({@code kumos.placement.*}). */
@ConfigMapping(prefix = "kumos.placement")
public interface PlacementConfig {

    /** The api-gateway that bindings and events go to. */
    @WithDefault("http://127.0.0.1:7440")
    String apiUrl();

    /** Leader locks: which replica of placement-service runs the scheduler and each workload controller. */
    Leader leader();

    /**
     * The time zone of CronJob schedules whose CronJob names none ({@code spec.timeZone}). kube-controller-manager
     * uses its own local zone, which in its usual container is UTC.
     */
    @WithDefault("UTC")
    String cronTimeZone();

    /** The scheduler ({@code kumos.placement.scheduler.*}). */
    Scheduler scheduler();

    /** The scheduler's profiles. */
    interface Scheduler {

        /**
         * A KubeSchedulerConfiguration file (YAML or JSON, {@code kubescheduler.config.k8s.io/v1}): its profiles,
         * plugins, plugin weights and args, and percentageOfNodesToScore. Unset: the default profile.
         */
        Optional<String> config();

        /** How often the scheduler passes when no change woke it (a pod waiting out its back-off, say). */
        @WithDefault("1s")
        Duration period();

        /**
         * How many binds may be under way at once (each is a durable write of the API, with the pod's Scheduled
         * Event): the pass decides the next pods meanwhile, as kube-scheduler's binding goroutines let it.
         */
        @WithDefault("16")
        int parallelBinds();
    }

    /** The workload controllers ({@code kumos.placement.controllers.*}). */
    Controllers controllers();

    interface Controllers {

        /** How often they pass when no change woke them (a CronJob's next run, a Deployment's progress deadline). */
        @WithDefault("1s")
        Duration period();
    }

    /** Leader locks in the grid ({@code kumos.placement.leader.*}). */
    interface Leader {

        /**
         * How long a lock outlives its holder's last renewal: after a crash, how long until another replica takes
         * over. A graceful stop gives the locks back at once.
         */
        @WithDefault("15s")
        Duration lease();

        /** How often a holder renews its locks (and a replica tries to take free ones); well under the lease. */
        @WithDefault("2s")
        Duration renewPeriod();
    }
}
