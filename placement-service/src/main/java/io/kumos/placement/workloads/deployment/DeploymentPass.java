package io.kumos.placement.workloads.deployment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.placement.workloads.Action;
import io.kumos.placement.workloads.Kind;
import io.kumos.placement.workloads.MergePatchDiff;
import io.kumos.placement.workloads.Metadata;
import io.kumos.placement.workloads.OwnerReferences;
import io.kumos.placement.workloads.Replicas;

/**
 * One pass of the Deployment controller over one Deployment: what it read (the Deployment, its ReplicaSets and
 * their pods), what it changes as it goes (working copies of the ReplicaSets and of the Deployment's status, the
 * Deployment's revision), and the writes that result. Upstream updates each object as it goes and carries on with
 * the answer; here the changes accumulate and become one write per object at the end ({@link #actions()}), so the
 * steps can be ported as upstream has them while the decision stays pure.
 */
final class DeploymentPass {

    static final Comparator<OwnedReplicaSet> BY_CREATION = Comparator.comparing(OwnedReplicaSet::created)
            .thenComparing(OwnedReplicaSet::name);

    final JsonNode deployment;
    final Instant now;
    /** The Deployment's status as this pass changes it. */
    ObjectNode status;
    /** Every ReplicaSet of the namespace, to tell a name collision. */
    final List<JsonNode> namespaceReplicaSets;
    /** Pods by the uid of the owned ReplicaSet that controls them. */
    final Map<String, List<JsonNode>> podsByReplicaSet = new HashMap<>();
    private final List<OwnedReplicaSet> owned = new ArrayList<>();
    private OwnedReplicaSet current;
    private final List<Action> claims = new ArrayList<>();
    private final List<Action> deletions = new ArrayList<>();
    private final List<Action> events = new ArrayList<>();
    private String revision;

    DeploymentPass(JsonNode deployment, List<JsonNode> owned, List<JsonNode> namespaceReplicaSets,
            List<JsonNode> pods, List<Action> claims, Instant now) {
        this.deployment = deployment;
        this.now = now;
        this.namespaceReplicaSets = namespaceReplicaSets;
        this.status = deployment.path("status").isObject() ? ((ObjectNode) deployment.path("status")).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        owned.forEach(rs -> this.owned.add(OwnedReplicaSet.existing(rs)));
        this.owned.sort(BY_CREATION);
        this.claims.addAll(claims);
        for (JsonNode pod : pods) {
            OwnerReferences.controllerOf(pod).ifPresent(reference -> podsByReplicaSet
                    .computeIfAbsent(reference.path("uid").asText(), uid -> new ArrayList<>()).add(pod));
        }
        this.revision = Metadata.annotation(deployment, RevisionAnnotations.REVISION);
    }

    int replicas() {
        return Replicas.desired(deployment);
    }

    boolean rollingUpdate() {
        return !"Recreate".equals(deployment.path("spec").path("strategy").path("type").asText("RollingUpdate"));
    }

    boolean paused() {
        return deployment.path("spec").path("paused").asBoolean(false);
    }

    int minReadySeconds() {
        return Replicas.minReadySeconds(deployment);
    }

    /** Upstream's HasProgressDeadline: set, and not the "never" value MaxInt32. */
    boolean hasProgressDeadline() {
        JsonNode deadline = deployment.path("spec").path("progressDeadlineSeconds");
        return deadline.isIntegralNumber() && deadline.asInt() != Integer.MAX_VALUE;
    }

    int progressDeadlineSeconds() {
        return deployment.path("spec").path("progressDeadlineSeconds").asInt();
    }

    private Fenceposts fenceposts() {
        JsonNode rolling = deployment.path("spec").path("strategy").path("rollingUpdate");
        return Fenceposts.resolve(rolling.path("maxSurge"), rolling.path("maxUnavailable"), replicas());
    }

    /** Upstream's MaxSurge: 0 unless rolling. */
    int maxSurge() {
        return rollingUpdate() ? fenceposts().maxSurge() : 0;
    }

    /** Upstream's MaxUnavailable: 0 unless rolling with replicas, and never more than the replicas. */
    int maxUnavailable() {
        if (!rollingUpdate() || replicas() == 0) {
            return 0;
        }
        return Math.min(fenceposts().maxUnavailable(), replicas());
    }

    /** The current ReplicaSet (whose template is the Deployment's), if there is one yet. */
    OwnedReplicaSet current() {
        return current;
    }

    void setCurrent(OwnedReplicaSet replicaSet) {
        if (replicaSet != null && !owned.contains(replicaSet)) {
            owned.add(replicaSet);
        }
        this.current = replicaSet;
    }

    /** The ReplicaSets other than the current one, oldest first. */
    List<OwnedReplicaSet> old() {
        return owned.stream().filter(rs -> rs != current).toList();
    }

    /** Old and current. */
    List<OwnedReplicaSet> all() {
        return List.copyOf(owned);
    }

    void setRevision(String revision) {
        this.revision = revision;
    }

    /**
     * Upstream's {@code scaleReplicaSetAndRecordEvent}: scales if the size differs.
     *
     * @return whether it scaled
     */
    boolean scale(OwnedReplicaSet replicaSet, int replicas) {
        if (replicaSet.replicas() == replicas) {
            return false;
        }
        return scale(replicaSet, replicas, replicaSet.replicas() < replicas ? "up" : "down");
    }

    /** Upstream's {@code scaleReplicaSet}: sets the size and the Deployment's size annotations, announces a scale. */
    boolean scale(OwnedReplicaSet replicaSet, int replicas, String operation) {
        int before = replicaSet.replicas();
        boolean sized = before != replicas;
        boolean annotated = RevisionAnnotations.replicasAnnotationsNeedUpdate(replicaSet, replicas(),
                replicas() + maxSurge());
        if (!sized && !annotated) {
            return false;
        }
        replicaSet.setReplicas(replicas);
        RevisionAnnotations.setReplicasAnnotations(replicaSet, replicas(), replicas() + maxSurge());
        if (sized) {
            event("Normal", "ScalingReplicaSet", "Scaled " + operation + " replica set " + replicaSet.name() + " to "
                    + replicas + " from " + before);
        }
        return sized;
    }

    void delete(OwnedReplicaSet replicaSet) {
        deletions.add(new Action.Delete(Kind.REPLICA_SET, Metadata.namespace(deployment), replicaSet.name(),
                Metadata.uid(replicaSet.object()), "Background", null));
    }

    void event(String type, String reason, String message) {
        events.add(new Action.Emit(deployment, type, reason, message));
    }

    /** The writes of the pass: claims, ReplicaSets, deletions, the Deployment's revision and status, Events. */
    List<Action> actions() {
        List<Action> actions = new ArrayList<>(claims);
        for (OwnedReplicaSet replicaSet : owned) {
            replicaSet.write().ifPresent(actions::add);
        }
        actions.addAll(deletions);
        String namespace = Metadata.namespace(deployment);
        String name = Metadata.name(deployment);
        if (revision != null && !revision.equals(Metadata.annotation(deployment, RevisionAnnotations.REVISION))) {
            ObjectNode patch = JsonNodeFactory.instance.objectNode();
            patch.putObject("metadata").put("resourceVersion", Metadata.resourceVersion(deployment))
                    .putObject("annotations").put(RevisionAnnotations.REVISION, revision);
            actions.add(new Action.Patch(Kind.DEPLOYMENT, namespace, name, false, patch));
        }
        ObjectNode statusPatch = MergePatchDiff.between(deployment.path("status"), status);
        if (!statusPatch.isEmpty()) {
            ObjectNode patch = JsonNodeFactory.instance.objectNode();
            patch.putObject("metadata").put("resourceVersion", Metadata.resourceVersion(deployment));
            patch.set("status", statusPatch);
            actions.add(new Action.Patch(Kind.DEPLOYMENT, namespace, name, true, patch));
        }
        actions.addAll(events);
        return actions;
    }
}
