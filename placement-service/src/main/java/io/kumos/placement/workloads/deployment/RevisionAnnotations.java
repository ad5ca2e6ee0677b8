package io.kumos.placement.workloads.deployment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The annotations that carry a Deployment's history on its ReplicaSets, as upstream's deployment util sets them:
 * each ReplicaSet's {@code deployment.kubernetes.io/revision} (what {@code kubectl rollout history} and
 * {@code rollout undo} read), the revisions a ReplicaSet had before it became current again
 * ({@code revision-history}), the Deployment's size when it was last scaled ({@code desired-replicas},
 * {@code max-replicas}), and the Deployment's own annotations (such as {@code kubernetes.io/change-cause}) copied
 * onto its current ReplicaSet.
 */
final class RevisionAnnotations {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    /** Upstream keeps the revision history annotation under about 100 revisions. */
    static final int MAX_HISTORY_CHARS = 2000;
    private static final Set<String> NOT_COPIED = Set.of("kubectl.kubernetes.io/last-applied-configuration",
            REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, "deprecated.deployment.rollback.to");

    private RevisionAnnotations() {
    }

    /** The revision of a ReplicaSet; 0 when it has none or an unreadable one. */
    static long revision(JsonNode replicaSet) {
        String value = replicaSet.path("metadata").path("annotations").path(REVISION).asText("");
        try {
            return value.isEmpty() ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static long maxRevision(List<OwnedReplicaSet> replicaSets) {
        long max = 0;
        for (OwnedReplicaSet replicaSet : replicaSets) {
            max = Math.max(max, revision(replicaSet.object()));
        }
        return max;
    }

    /**
     * Upstream's {@code SetNewReplicaSetAnnotations}: copies the Deployment's annotations, raises the revision to
     * {@code newRevision} if it is lower (remembering the old one in the revision history: the ReplicaSet was
     * rolled back to), and, for a ReplicaSet about to be created, records the Deployment's size.
     *
     * @return whether an annotation changed
     */
    static boolean setNewReplicaSetAnnotations(JsonNode deployment, OwnedReplicaSet replicaSet, long newRevision,
            boolean exists, int desired, int max) {
        boolean changed = copyDeploymentAnnotations(deployment, replicaSet);
        ObjectNode annotations = replicaSet.annotations();
        String oldRevision = annotations.path(REVISION).asText(null);
        long oldValue = 0;
        if (oldRevision != null) {
            try {
                oldValue = Long.parseLong(oldRevision);
            } catch (NumberFormatException e) {
                if (!oldRevision.isEmpty()) {
                    return false;
                }
            }
        }
        if (oldValue < newRevision) {
            annotations.put(REVISION, Long.toString(newRevision));
            changed = true;
            if (oldRevision != null) {
                appendHistory(annotations, oldRevision);
            }
        }
        if (!exists && setReplicasAnnotations(replicaSet, desired, max)) {
            changed = true;
        }
        return changed;
    }

    private static void appendHistory(ObjectNode annotations, String oldRevision) {
        String history = annotations.path(REVISION_HISTORY).asText("");
        if (history.isEmpty()) {
            annotations.put(REVISION_HISTORY, oldRevision);
            return;
        }
        List<String> revisions = new ArrayList<>(Arrays.asList(history.split(",")));
        int total = history.length() + oldRevision.length() + 1;
        int start = 0;
        while (total > MAX_HISTORY_CHARS && start < revisions.size()) {
            total -= revisions.get(start).length() + 1;
            start++;
        }
        if (total <= MAX_HISTORY_CHARS) {
            List<String> kept = new ArrayList<>(revisions.subList(start, revisions.size()));
            kept.add(oldRevision);
            annotations.put(REVISION_HISTORY, String.join(",", kept));
        }
    }

    private static boolean copyDeploymentAnnotations(JsonNode deployment, OwnedReplicaSet replicaSet) {
        boolean changed = false;
        ObjectNode annotations = replicaSet.annotations();
        Iterator<Map.Entry<String, JsonNode>> fields = deployment.path("metadata").path("annotations").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (NOT_COPIED.contains(field.getKey())
                    || field.getValue().asText().equals(annotations.path(field.getKey()).asText(null))) {
                continue;
            }
            annotations.put(field.getKey(), field.getValue().asText());
            changed = true;
        }
        return changed;
    }

    /** Records the Deployment's size on the ReplicaSet; whether that changed anything. */
    static boolean setReplicasAnnotations(OwnedReplicaSet replicaSet, int desired, int max) {
        if (!replicasAnnotationsNeedUpdate(replicaSet, desired, max)) {
            return false;
        }
        replicaSet.annotations().put(DESIRED_REPLICAS, Integer.toString(desired))
                .put(MAX_REPLICAS, Integer.toString(max));
        return true;
    }

    static boolean replicasAnnotationsNeedUpdate(OwnedReplicaSet replicaSet, int desired, int max) {
        return !Integer.toString(desired).equals(replicaSet.annotation(DESIRED_REPLICAS))
                || !Integer.toString(max).equals(replicaSet.annotation(MAX_REPLICAS));
    }

    /** The {@code desired-replicas} annotation, or -1 when absent or unreadable. */
    static int desiredReplicas(OwnedReplicaSet replicaSet) {
        return intAnnotation(replicaSet, DESIRED_REPLICAS);
    }

    /** The {@code max-replicas} annotation, or -1 when absent or unreadable. */
    static int maxReplicas(OwnedReplicaSet replicaSet) {
        return intAnnotation(replicaSet, MAX_REPLICAS);
    }

    private static int intAnnotation(OwnedReplicaSet replicaSet, String key) {
        String value = replicaSet.annotation(key);
        try {
            return value == null ? -1 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
