package io.kumos.placement.workloads;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.api.ApiClient;
import io.kumos.grid.informers.ControllerLoop;
import io.kumos.grid.informers.SharedInformers;
import io.kumos.placement.PlacementConfig;
import io.kumos.placement.leader.Leadership;
import io.kumos.placement.leader.Role;
import io.kumos.placement.workloads.cronjob.CronSchedule;
import io.quarkus.runtime.StartupEvent;

/**
 * The workload controllers' loop: at once when a workload object or a pod changes, and every
 * {@code kumos.placement.controllers.period} (1 s) anyway, if this replica leads any of them, read the workload
 * objects from the informers of the grid's projection and let {@link WorkloadReconciler} converge them.
 * Level-triggered: each pass looks at the whole state, so a missed change, a failed write or a restart only
 * delays convergence. While the projection is being rebuilt nothing is decided, since an object missing from it
 * proves nothing.
 *
 * <p>Runs on its {@link ControllerLoop}'s thread; passes never overlap.
 */
@ApplicationScoped
public class WorkloadControllers {

    /** kube-controller-manager's name, which the API records as the manager of the fields the controllers write. */
    private static final String USER_AGENT = "kube-controller-manager";

    private final SharedInformers informers;
    private final Leadership leadership;
    private final WorkloadReconciler reconciler;
    private final ControllerLoop loop;

    WorkloadControllers(SharedInformers informers, ObjectMapper json, Leadership leadership,
            PlacementConfig config) {
        this.informers = informers;
        this.leadership = leadership;
        this.reconciler = new WorkloadReconciler(new ApiClient(URI.create(config.apiUrl()), json, USER_AGENT),
                CronSchedule.zoneOf(config.cronTimeZone()).orElseThrow(() -> new IllegalArgumentException(
                        "kumos.placement.cron-time-zone: unknown time zone " + config.cronTimeZone())));
        this.loop = new ControllerLoop("Workload controllers", config.controllers().period(), ControllerLoop.GAP,
                this::reconcile);
    }

    void start(@Observes StartupEvent event) {
        for (Kind kind : Kind.values()) {
            loop.listenTo(informers.informer(kind.gridResource()));
        }
        loop.start(Duration.ofSeconds(2));
    }

    @PreDestroy
    void stop() {
        loop.close();
    }

    private void reconcile() {
        Set<Role> led = leadership.led();
        led.retainAll(EnumSet.of(Role.REPLICA_SETS, Role.DEPLOYMENTS, Role.JOBS, Role.CRON_JOBS));
        if (!led.isEmpty()) {
            reconciler.reconcile(Cluster.read(informers), led, Instant.now());
        }
    }
}
