package io.kumos.placement.workloads;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;
import io.kumos.placement.leader.Role;
import io.kumos.placement.workloads.cronjob.CronJobSync;
import io.kumos.placement.workloads.deployment.DeploymentSync;
import io.kumos.placement.workloads.job.JobSync;
import io.kumos.placement.workloads.replicaset.ReplicaSetSync;

/**
 * One pass of the workload controllers this process leads over a {@link Cluster}: each object's decision, then its
 * writes. ReplicaSets go first, then Deployments, Jobs and CronJobs; each decides from the same view, and what one
 * writes the others see on the next pass, as upstream's controllers see each other's writes through their
 * informers.
 *
 * <p>A failure (an api-gateway that does not answer, a write refused for a reason other than a stale view) stops
 * that object's writes for this pass only; it is logged once per object until it changes or clears.
 * Not thread-safe: one pass at a time (the {@code @Scheduled} loop skips overlapping runs).
 */
public final class WorkloadReconciler {

    private static final Logger LOG = Logger.getLogger(WorkloadReconciler.class);

    private final ApiClient api;
    private final ZoneId cronZone;
    private final Expectations expectations = new Expectations();
    private final WorkloadEvents events;
    /** The last failure of each object that fails, so that it is logged once, not every pass. */
    private final Map<String, String> failures = new HashMap<>();
    private final Set<String> seen = new HashSet<>();

    /** @param cronZone the zone of CronJob schedules that name none */
    public WorkloadReconciler(ApiClient api, ZoneId cronZone) {
        this.api = api;
        this.cronZone = cronZone;
        this.events = new WorkloadEvents(api);
    }

    public void reconcile(Cluster cluster, Set<Role> led, Instant now) {
        ActionWriter writer = new ActionWriter(api, expectations, events, now);
        Set<String> owners = new HashSet<>();
        seen.clear();
        if (led.contains(Role.REPLICA_SETS)) {
            for (JsonNode replicaSet : cluster.all(Kind.REPLICA_SET)) {
                List<JsonNode> pods = cluster.in(Kind.POD, Metadata.namespace(replicaSet));
                owners.add(Metadata.uid(replicaSet));
                run(writer, Role.REPLICA_SETS, replicaSet, () -> ReplicaSetSync.sync(replicaSet, pods,
                        expectations.settled(Metadata.uid(replicaSet), pods, now), now));
            }
        }
        if (led.contains(Role.DEPLOYMENTS)) {
            for (JsonNode deployment : cluster.all(Kind.DEPLOYMENT)) {
                String namespace = Metadata.namespace(deployment);
                run(writer, Role.DEPLOYMENTS, deployment, () -> DeploymentSync.sync(deployment,
                        cluster.in(Kind.REPLICA_SET, namespace), cluster.in(Kind.POD, namespace), now));
            }
        }
        if (led.contains(Role.JOBS)) {
            for (JsonNode job : cluster.all(Kind.JOB)) {
                List<JsonNode> pods = cluster.in(Kind.POD, Metadata.namespace(job));
                owners.add(Metadata.uid(job));
                run(writer, Role.JOBS, job, () -> JobSync.sync(job, pods,
                        expectations.settled(Metadata.uid(job), pods, now), now));
            }
        }
        if (led.contains(Role.CRON_JOBS)) {
            for (JsonNode cronJob : cluster.all(Kind.CRON_JOB)) {
                run(writer, Role.CRON_JOBS, cronJob, () -> CronJobSync.sync(cronJob,
                        cluster.in(Kind.JOB, Metadata.namespace(cronJob)), now, cronZone));
            }
        }
        expectations.retainOwners(owners);
        failures.keySet().retainAll(seen);
    }

    private void run(ActionWriter writer, Role role, JsonNode object, Supplier<List<Action>> decision) {
        String key = role.component() + " " + Metadata.namespace(object) + "/" + Metadata.name(object);
        seen.add(key);
        try {
            writer.apply(role.component(), decision.get());
            if (failures.remove(key) != null) {
                LOG.infof("%s: %s %s/%s is reconciled again", role.component(), object.path("kind").asText(),
                        Metadata.namespace(object), Metadata.name(object));
            }
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.equals(failures.put(key, message))) {
                LOG.warnf(e instanceof ApiCallException ? null : e,
                        "%s: reconciling %s %s/%s failed (%s); retrying every pass. Is the api-gateway up? Check "
                                + "'./kumos status' and 'kubectl describe %s %s -n %s'.",
                        role.component(), object.path("kind").asText(), Metadata.namespace(object),
                        Metadata.name(object), message, object.path("kind").asText().toLowerCase(),
                        Metadata.name(object), Metadata.namespace(object));
            }
        }
    }
}
