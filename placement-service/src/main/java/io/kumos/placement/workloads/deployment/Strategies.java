package io.kumos.placement.workloads.deployment;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.placement.workloads.Metadata;
import io.kumos.placement.workloads.PodState;

/**
 * The two rollout strategies, as upstream's {@code rolloutRolling} and {@code rolloutRecreate}.
 *
 * <p>RollingUpdate: the current ReplicaSet grows while all ReplicaSets together stay within
 * {@code replicas + maxSurge}, and old ones shrink while at least {@code replicas - maxUnavailable} pods stay
 * available (unhealthy old pods go first), so the rollout advances as new pods become available.
 *
 * <p>Recreate: every old ReplicaSet goes to zero, and only when none of their pods runs any more does the current
 * one get all the replicas.
 */
final class Strategies {

    private Strategies() {
    }

    /** Upstream's {@code NewRSNewReplicas}: how big the current ReplicaSet may be now. */
    static int newReplicaSetReplicas(DeploymentPass pass, OwnedReplicaSet current) {
        if (!pass.rollingUpdate()) {
            return pass.replicas();
        }
        int currentPods = sumReplicas(pass.all());
        int maxTotal = pass.replicas() + pass.maxSurge();
        if (currentPods >= maxTotal) {
            return current.replicas();
        }
        int scaleUp = Math.min(maxTotal - currentPods, pass.replicas() - current.replicas());
        return current.replicas() + scaleUp;
    }

    static void rollingUpdate(DeploymentPass pass) {
        if (!CurrentReplicaSet.create(pass)) {
            return;
        }
        if (reconcileNew(pass)) {
            DeploymentStatuses.syncRolloutStatus(pass);
            return;
        }
        if (reconcileOld(pass)) {
            DeploymentStatuses.syncRolloutStatus(pass);
            return;
        }
        if (DeploymentStatuses.complete(pass, pass.status)) {
            RevisionHistory.cleanup(pass);
        }
        DeploymentStatuses.syncRolloutStatus(pass);
    }

    static void recreate(DeploymentPass pass) {
        boolean scaledDown = false;
        for (OwnedReplicaSet old : active(pass.old())) {
            scaledDown |= pass.scale(old, 0);
        }
        if (scaledDown || oldPodsRunning(pass)) {
            DeploymentStatuses.syncRolloutStatus(pass);
            return;
        }
        if (pass.current() == null && !CurrentReplicaSet.create(pass)) {
            return;
        }
        if (pass.scale(pass.current(), pass.replicas())) {
            DeploymentStatuses.syncRolloutStatus(pass);
            return;
        }
        if (DeploymentStatuses.complete(pass, pass.status)) {
            RevisionHistory.cleanup(pass);
        }
        DeploymentStatuses.syncRolloutStatus(pass);
    }

    private static boolean reconcileNew(DeploymentPass pass) {
        OwnedReplicaSet current = pass.current();
        if (current.replicas() == pass.replicas()) {
            return false;
        }
        if (current.replicas() > pass.replicas()) {
            return pass.scale(current, pass.replicas());
        }
        return pass.scale(current, newReplicaSetReplicas(pass, current));
    }

    private static boolean reconcileOld(DeploymentPass pass) {
        List<OwnedReplicaSet> old = active(pass.old());
        if (sumReplicas(old) == 0) {
            return false;
        }
        OwnedReplicaSet current = pass.current();
        int minAvailable = pass.replicas() - pass.maxUnavailable();
        int newUnavailable = current.replicas() - current.availableReplicas();
        int maxScaledDown = sumReplicas(pass.all()) - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return false;
        }
        int cleaned = cleanupUnhealthy(pass, old, maxScaledDown);
        int scaled = scaleDownOld(pass, old);
        return cleaned + scaled > 0;
    }

    /** Old ReplicaSets' pods that are not available go first, oldest ReplicaSet first. */
    private static int cleanupUnhealthy(DeploymentPass pass, List<OwnedReplicaSet> old, int maxCleanup) {
        List<OwnedReplicaSet> sorted = new ArrayList<>(old);
        sorted.sort(DeploymentPass.BY_CREATION);
        int total = 0;
        for (OwnedReplicaSet replicaSet : sorted) {
            if (total >= maxCleanup) {
                break;
            }
            int replicas = replicaSet.replicas();
            if (replicas == 0 || replicas == replicaSet.availableReplicas()) {
                continue;
            }
            int down = Math.min(maxCleanup - total, replicas - replicaSet.availableReplicas());
            pass.scale(replicaSet, replicas - down);
            total += down;
        }
        return total;
    }

    /** Then available old pods, as long as enough pods of all ReplicaSets stay available. */
    private static int scaleDownOld(DeploymentPass pass, List<OwnedReplicaSet> old) {
        int minAvailable = pass.replicas() - pass.maxUnavailable();
        // Upstream counts the old ReplicaSets that were active when the step began, and the current one.
        int available = pass.current().availableReplicas();
        for (OwnedReplicaSet replicaSet : old) {
            available += replicaSet.availableReplicas();
        }
        if (available <= minAvailable) {
            return 0;
        }
        int toScaleDown = available - minAvailable;
        List<OwnedReplicaSet> sorted = new ArrayList<>(old);
        sorted.sort(DeploymentPass.BY_CREATION);
        int total = 0;
        for (OwnedReplicaSet replicaSet : sorted) {
            if (total >= toScaleDown) {
                break;
            }
            if (replicaSet.replicas() == 0) {
                continue;
            }
            int down = Math.min(replicaSet.replicas(), toScaleDown - total);
            pass.scale(replicaSet, replicaSet.replicas() - down);
            total += down;
        }
        return total;
    }

    /** Whether any pod of an old ReplicaSet is still there and not finished (terminating ones included). */
    static boolean oldPodsRunning(DeploymentPass pass) {
        int oldPods = 0;
        for (OwnedReplicaSet old : pass.old()) {
            oldPods += old.actualReplicas();
        }
        if (oldPods > 0) {
            return true;
        }
        String currentUid = pass.current() == null ? "" : Metadata.uid(pass.current().object());
        for (OwnedReplicaSet replicaSet : pass.all()) {
            String uid = Metadata.uid(replicaSet.object());
            if (uid.isEmpty() || uid.equals(currentUid)) {
                continue;
            }
            for (JsonNode pod : pass.podsByReplicaSet.getOrDefault(uid, List.of())) {
                if (!PodState.finished(pod)) {
                    return true;
                }
            }
        }
        return false;
    }

    static List<OwnedReplicaSet> active(List<OwnedReplicaSet> replicaSets) {
        return replicaSets.stream().filter(rs -> rs.replicas() > 0).toList();
    }

    static int sumReplicas(List<OwnedReplicaSet> replicaSets) {
        int sum = 0;
        for (OwnedReplicaSet replicaSet : replicaSets) {
            sum += replicaSet.replicas();
        }
        return sum;
    }
}
