package io.kumos.placement.workloads.deployment;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.placement.workloads.Action;
import io.kumos.placement.workloads.Claims;
import io.kumos.placement.workloads.Kind;
import io.kumos.placement.workloads.Metadata;

/**
 * What the Deployment controller does for one Deployment, as upstream's {@code syncDeployment}: claim its
 * ReplicaSets, then
 * <ul>
 * <li>being deleted: only report status;</li>
 * <li>paused, or only its size changed (a scaling event): scale the ReplicaSets proportionally (and, paused,
 * trim the revision history);</li>
 * <li>otherwise roll out with its strategy ({@link Strategies}).</li>
 * </ul>
 * Pure: the Deployment, the ReplicaSets and pods of its namespace, and the time in; actions out.
 */
public final class DeploymentSync {

    private DeploymentSync() {
    }

    public static List<Action> sync(JsonNode deployment, List<JsonNode> replicaSets, List<JsonNode> pods,
            Instant now) {
        Claims.Result claim = Claims.claim(deployment, Kind.DEPLOYMENT, Kind.REPLICA_SET,
                deployment.path("spec").path("selector"), replicaSets);
        DeploymentPass pass = new DeploymentPass(deployment, claim.owned(), replicaSets, pods, claim.actions(), now);
        if (Metadata.terminating(deployment)) {
            CurrentReplicaSet.find(pass);
            DeploymentStatuses.syncStatus(pass);
            return pass.actions();
        }
        DeploymentStatuses.checkPaused(pass);
        CurrentReplicaSet.find(pass);
        if (pass.paused() || scalingEvent(pass)) {
            ProportionalScaling.scale(pass);
            if (pass.paused()) {
                RevisionHistory.cleanup(pass);
            }
            DeploymentStatuses.syncStatus(pass);
        } else if (pass.rollingUpdate()) {
            Strategies.rollingUpdate(pass);
        } else {
            Strategies.recreate(pass);
        }
        return pass.actions();
    }

    /** Upstream's {@code isScalingEvent}: an active ReplicaSet was sized for another Deployment size. */
    private static boolean scalingEvent(DeploymentPass pass) {
        for (OwnedReplicaSet replicaSet : Strategies.active(pass.all())) {
            int desired = RevisionAnnotations.desiredReplicas(replicaSet);
            if (desired >= 0 && desired != pass.replicas()) {
                return true;
            }
        }
        return false;
    }
}
