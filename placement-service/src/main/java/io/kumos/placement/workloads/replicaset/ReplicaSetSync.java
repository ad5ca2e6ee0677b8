package io.kumos.placement.workloads.replicaset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.placement.workloads.Action;
import io.kumos.placement.workloads.Claims;
import io.kumos.placement.workloads.Kind;
import io.kumos.placement.workloads.LabelSelector;
import io.kumos.placement.workloads.MergePatchDiff;
import io.kumos.placement.workloads.Metadata;
import io.kumos.placement.workloads.PodRanking;
import io.kumos.placement.workloads.PodState;
import io.kumos.placement.workloads.PodTemplates;
import io.kumos.placement.workloads.Replicas;

/**
 * What the ReplicaSet controller does for one ReplicaSet, as upstream's {@code syncReplicaSet}: claim the pods
 * (adopt orphans the selector selects, release those it no longer does), create pods from the template or delete
 * the ones {@link PodRanking} puts first until the active pods are as many as {@code spec.replicas}, and report
 * {@code status} (replicas, fullyLabeledReplicas, readyReplicas, availableReplicas, observedGeneration).
 *
 * <p>Pure: the ReplicaSet and the pods of its namespace in, actions out. Pods are only created or deleted when the
 * previous pass's creations and deletions have reached the projection ({@code settled}), so a lagging projection
 * never makes it create the same replica twice.
 */
public final class ReplicaSetSync {

    /** Upstream's burstReplicas: the most pods created or deleted for one ReplicaSet in one pass. */
    static final int BURST = 500;

    private ReplicaSetSync() {
    }

    public static List<Action> sync(JsonNode replicaSet, List<JsonNode> pods, boolean settled, Instant now) {
        Claims.Result claim = Claims.claim(replicaSet, Kind.REPLICA_SET, Kind.POD,
                replicaSet.path("spec").path("selector"), pods);
        List<Action> actions = new ArrayList<>(claim.actions());
        List<JsonNode> active = claim.owned().stream().filter(PodState::active).toList();
        if (settled && !Metadata.terminating(replicaSet)) {
            actions.addAll(manageReplicas(replicaSet, active));
        }
        ObjectNode status = status(replicaSet, active, now);
        ObjectNode patch = MergePatchDiff.between(replicaSet.path("status"), status);
        if (!patch.isEmpty()) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.putObject("metadata").put("resourceVersion", Metadata.resourceVersion(replicaSet));
            body.set("status", patch);
            actions.add(new Action.Patch(Kind.REPLICA_SET, Metadata.namespace(replicaSet),
                    Metadata.name(replicaSet), true, body));
        }
        return actions;
    }

    private static List<Action> manageReplicas(JsonNode replicaSet, List<JsonNode> active) {
        int diff = active.size() - Replicas.desired(replicaSet);
        List<Action> actions = new ArrayList<>();
        if (diff < 0) {
            JsonNode template = replicaSet.path("spec").path("template");
            for (int i = 0; i < Math.min(-diff, BURST); i++) {
                actions.add(new Action.Create(Kind.POD, Metadata.namespace(replicaSet),
                        PodTemplates.pod(replicaSet, Kind.REPLICA_SET, template), replicaSet));
            }
        } else if (diff > 0) {
            List<JsonNode> doomed = PodRanking.removalOrder(active, active).subList(0, Math.min(diff, BURST));
            for (JsonNode pod : doomed) {
                actions.add(new Action.Delete(Kind.POD, Metadata.namespace(pod), Metadata.name(pod), Metadata.uid(pod),
                        "Background", replicaSet));
            }
        }
        return actions;
    }

    /** The status upstream's {@code calculateStatus} reports; zero counters left out as upstream's JSON does. */
    static ObjectNode status(JsonNode replicaSet, List<JsonNode> active, Instant now) {
        JsonNode templateLabels = replicaSet.path("spec").path("template").path("metadata").path("labels");
        int minReadySeconds = Replicas.minReadySeconds(replicaSet);
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        for (JsonNode pod : active) {
            if (LabelSelector.hasAll(templateLabels, Metadata.labels(pod))) {
                fullyLabeled++;
            }
            if (PodState.ready(pod)) {
                ready++;
                if (PodState.available(pod, minReadySeconds, now)) {
                    available++;
                }
            }
        }
        ObjectNode status = replicaSet.path("status").isObject() ? ((ObjectNode) replicaSet.path("status")).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        status.put("replicas", active.size());
        counter(status, "fullyLabeledReplicas", fullyLabeled);
        counter(status, "readyReplicas", ready);
        counter(status, "availableReplicas", available);
        status.put("observedGeneration", Metadata.generation(replicaSet));
        return status;
    }

    private static void counter(ObjectNode status, String field, int value) {
        if (value == 0) {
            status.remove(field);
        } else {
            status.put(field, value);
        }
    }
}
