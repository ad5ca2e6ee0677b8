package io.kumos.placement.workloads.deployment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps {@code spec.revisionHistoryLimit} old ReplicaSets (upstream's {@code cleanupDeployment}): the
 * lowest revisions go first, and only once they are scaled to zero, have no pods left and their controller has
 * seen that, so history is never trimmed under a rollout's feet. They are what {@code kubectl rollout undo} can go
 * back to.
 */
final class RevisionHistory {

    private RevisionHistory() {
    }

    static void cleanup(DeploymentPass pass) {
        if (!pass.deployment.path("spec").path("revisionHistoryLimit").isIntegralNumber()) {
            return;
        }
        int limit = pass.deployment.path("spec").path("revisionHistoryLimit").asInt();
        List<OwnedReplicaSet> cleanable = new ArrayList<>(pass.old().stream().filter(rs -> !rs.terminating()
                && !rs.isNew()).toList());
        int excess = cleanable.size() - limit;
        if (excess <= 0) {
            return;
        }
        cleanable.sort(Comparator.comparingLong((OwnedReplicaSet rs) -> RevisionAnnotations.revision(rs.object()))
                .thenComparing(DeploymentPass.BY_CREATION));
        for (OwnedReplicaSet replicaSet : cleanable.subList(0, excess)) {
            if (replicaSet.actualReplicas() != 0 || replicaSet.replicas() != 0
                    || replicaSet.generation() > replicaSet.observedGeneration()) {
                continue;
            }
            pass.delete(replicaSet);
        }
    }
}
