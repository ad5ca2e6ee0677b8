package io.kumos.placement.workloads;

import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.api.ApiClient;
import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.objects.ProjectedObjects;
import io.kumos.placement.PlacementConfig;
import io.kumos.placement.leader.Leadership;
import io.kumos.placement.leader.Role;
import io.kumos.placement.workloads.cronjob.CronSchedule;
import io.quarkus.scheduler.Scheduled;

/**
 * The workload controllers' loop: every {@code kumos.placement.controllers.period} (1 s), if this replica leads any
 * of them, read the workload objects from the informers of the grid's projection and let {@link WorkloadReconciler}
 * converge them.
 * Level-triggered: each pass looks at the whole state, so a missed change, a failed write or a restart only
 * delays convergence. While the projection is being rebuilt nothing is decided, since an object missing from it
 * proves nothing.
 *
 * <p>Runs on a scheduler worker thread; passes never overlap.
 */
@ApplicationScoped
public class WorkloadControllers {

    private static final Logger LOG = Logger.getLogger(WorkloadControllers.class);
    /** kube-controller-manager's name, which the API records as the manager of the fields the controllers write. */
    private static final String USER_AGENT = "kube-controller-manager";

    private final SharedInformers informers;
    private final Leadership leadership;
    private final WorkloadReconciler reconciler;
    private boolean gridFailing;

    WorkloadControllers(SharedInformers informers, ObjectMapper json, Leadership leadership,
            PlacementConfig config) {
        this.informers = informers;
        this.leadership = leadership;
        this.reconciler = new WorkloadReconciler(new ApiClient(URI.create(config.apiUrl()), json, USER_AGENT),
                CronSchedule.zoneOf(config.cronTimeZone()).orElseThrow(() -> new IllegalArgumentException(
                        "kumos.placement.cron-time-zone: unknown time zone " + config.cronTimeZone())));
    }

    @Scheduled(every = "${kumos.placement.controllers.period:1s}", delay = 2, delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcile() {
        Set<Role> led = leadership.led();
        led.retainAll(EnumSet.of(Role.REPLICA_SETS, Role.DEPLOYMENTS, Role.JOBS, Role.CRON_JOBS));
        if (led.isEmpty()) {
            return;
        }
        Cluster cluster;
        try {
            cluster = Cluster.read(informers);
        } catch (ProjectedObjects.IncompleteProjectionException e) {
            LOG.debugf("Workload controllers wait: %s", e.getMessage());
            return;
        } catch (RuntimeException e) {
            if (!gridFailing) {
                gridFailing = true;
                LOG.warnf("Workload controllers cannot read the grid (%s); retrying every pass. Is the Infinispan "
                        + "Server up? Check './kumos status'.", e.getMessage());
            }
            return;
        }
        if (gridFailing) {
            gridFailing = false;
            LOG.info("Workload controllers read the grid again");
        }
        reconciler.reconcile(cluster, led, Instant.now());
    }
}
