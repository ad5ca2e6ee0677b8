package io.kumos.placement.workloads.deployment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scaling a Deployment that is not rolling out, or is paused or mid-rollout (upstream's {@code scale}): a single
 * active ReplicaSet simply takes the new size; a saturated current one means the old ones go to zero; otherwise,
 * during a rolling update, the pods added or removed are spread over the active ReplicaSets in proportion to their
 * size when the Deployment was last scaled (their {@code max-replicas} annotation), largest first, so a scale in
 * the middle of a rollout neither hastens nor reverses it.
 */
final class ProportionalScaling {

    private static final Comparator<OwnedReplicaSet> NEWER = DeploymentPass.BY_CREATION.reversed();

    private ProportionalScaling() {
    }

    static void scale(DeploymentPass pass) {
        OwnedReplicaSet activeOrLatest = activeOrLatest(pass);
        if (activeOrLatest != null) {
            if (activeOrLatest.replicas() != pass.replicas()) {
                pass.scale(activeOrLatest, pass.replicas());
            }
            return;
        }
        if (saturated(pass)) {
            for (OwnedReplicaSet old : Strategies.active(pass.old())) {
                pass.scale(old, 0);
            }
            return;
        }
        if (!pass.rollingUpdate()) {
            return;
        }
        List<OwnedReplicaSet> active = new ArrayList<>(Strategies.active(pass.all()));
        int allowed = pass.replicas() > 0 ? pass.replicas() + pass.maxSurge() : 0;
        int toAdd = allowed - Strategies.sumReplicas(active);
        String operation = "";
        if (toAdd > 0) {
            active.sort(Comparator.comparingInt(OwnedReplicaSet::replicas).reversed().thenComparing(NEWER));
            operation = "up";
        } else if (toAdd < 0) {
            active.sort(Comparator.comparingInt(OwnedReplicaSet::replicas).reversed()
                    .thenComparing(DeploymentPass.BY_CREATION));
            operation = "down";
        }
        int added = 0;
        Map<OwnedReplicaSet, Integer> sizes = new HashMap<>();
        for (OwnedReplicaSet replicaSet : active) {
            int proportion = toAdd == 0 ? 0 : proportion(pass, replicaSet, toAdd, added);
            sizes.put(replicaSet, replicaSet.replicas() + proportion);
            added += proportion;
        }
        for (int i = 0; i < active.size(); i++) {
            OwnedReplicaSet replicaSet = active.get(i);
            if (i == 0 && toAdd != 0) {
                sizes.put(replicaSet, Math.max(0, sizes.get(replicaSet) + toAdd - added));
            }
            pass.scale(replicaSet, sizes.get(replicaSet), operation);
        }
    }

    /**
     * Upstream's {@code FindActiveOrLatest}: the only ReplicaSet with replicas, or, when none has any, the
     * current one or else the newest; none when several have replicas.
     */
    private static OwnedReplicaSet activeOrLatest(DeploymentPass pass) {
        List<OwnedReplicaSet> old = new ArrayList<>(pass.old());
        if (pass.current() == null && old.isEmpty()) {
            return null;
        }
        old.sort(NEWER);
        List<OwnedReplicaSet> active = Strategies.active(pass.all());
        if (active.isEmpty()) {
            return pass.current() != null ? pass.current() : old.get(0);
        }
        return active.size() == 1 ? active.get(0) : null;
    }

    /** The current ReplicaSet has all the replicas, was sized for this Deployment size, and all are available. */
    private static boolean saturated(DeploymentPass pass) {
        OwnedReplicaSet current = pass.current();
        return current != null && current.replicas() == pass.replicas()
                && RevisionAnnotations.desiredReplicas(current) == pass.replicas()
                && current.availableReplicas() == pass.replicas();
    }

    /** Upstream's {@code GetProportion}: this ReplicaSet's share of the pods to add (or remove), bounded. */
    private static int proportion(DeploymentPass pass, OwnedReplicaSet replicaSet, int toAdd, int added) {
        if (replicaSet.replicas() == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(pass, replicaSet);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    private static int fraction(DeploymentPass pass, OwnedReplicaSet replicaSet) {
        if (pass.replicas() == 0) {
            return -replicaSet.replicas();
        }
        int deploymentReplicas = pass.replicas() + pass.maxSurge();
        int annotated = RevisionAnnotations.maxReplicas(replicaSet);
        if (annotated < 0) {
            annotated = pass.status.path("replicas").asInt(0);
        }
        if (annotated <= 0) {
            // Upstream would divide by zero here; leaving the share out gives the leftover to the largest.
            return 0;
        }
        double size = (double) replicaSet.replicas() * deploymentReplicas / annotated;
        return (int) Math.floor(size + 0.5) - replicaSet.replicas();
    }
}
