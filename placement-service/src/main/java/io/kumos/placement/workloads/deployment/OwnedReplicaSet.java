package io.kumos.placement.workloads.deployment;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.placement.workloads.Action;
import io.kumos.placement.workloads.Kind;
import io.kumos.placement.workloads.MergePatchDiff;
import io.kumos.placement.workloads.Metadata;
import io.kumos.placement.workloads.Replicas;

/**
 * A ReplicaSet of the Deployment as this pass changes it: the object read from the projection and a working copy
 * (or only the copy, for one created in this pass). Every change of a pass ends up in one write: a create, or one
 * merge patch conditional on the resourceVersion that was read, so a pass that worked from a stale view fails
 * with 409 instead of overwriting newer changes.
 */
final class OwnedReplicaSet {

    private final JsonNode read;
    private final ObjectNode working;
    private final Instant created;

    private OwnedReplicaSet(JsonNode read, ObjectNode working, Instant created) {
        this.read = read;
        this.working = working;
        this.created = created;
    }

    static OwnedReplicaSet existing(JsonNode replicaSet) {
        return new OwnedReplicaSet(replicaSet, replicaSet.deepCopy(), Metadata.created(replicaSet));
    }

    static OwnedReplicaSet toCreate(ObjectNode replicaSet, Instant now) {
        return new OwnedReplicaSet(null, replicaSet, now);
    }

    String name() {
        return Metadata.name(working);
    }

    /** The object as changed so far (status as read). */
    JsonNode object() {
        return working;
    }

    boolean isNew() {
        return read == null;
    }

    Instant created() {
        return created;
    }

    int replicas() {
        return Replicas.desired(working);
    }

    void setReplicas(int replicas) {
        ((ObjectNode) working.path("spec")).put("replicas", replicas);
    }

    /** Pods it has ({@code status.replicas}), as its controller last reported. */
    int actualReplicas() {
        return Replicas.current(working);
    }

    int readyReplicas() {
        return Replicas.ready(working);
    }

    int availableReplicas() {
        return Replicas.available(working);
    }

    JsonNode template() {
        return working.path("spec").path("template");
    }

    boolean terminating() {
        return Metadata.terminating(working);
    }

    long generation() {
        return Metadata.generation(working);
    }

    long observedGeneration() {
        return working.path("status").path("observedGeneration").asLong(0);
    }

    /** Its annotations, created if it had none; changes go into the write. */
    ObjectNode annotations() {
        ObjectNode metadata = (ObjectNode) working.path("metadata");
        if (metadata.get("annotations") instanceof ObjectNode annotations) {
            return annotations;
        }
        return metadata.putObject("annotations");
    }

    String annotation(String key) {
        return working.path("metadata").path("annotations").path(key).asText(null);
    }

    void setMinReadySeconds(int seconds) {
        ObjectNode spec = (ObjectNode) working.path("spec");
        if (seconds == 0) {
            spec.remove("minReadySeconds");
        } else {
            spec.put("minReadySeconds", seconds);
        }
    }

    /** The one write that carries this pass's changes, if there are any. */
    Optional<Action> write() {
        if (read == null) {
            return Optional.of(new Action.Create(Kind.REPLICA_SET, Metadata.namespace(working), working, null));
        }
        ObjectNode before = ((ObjectNode) read).deepCopy();
        ObjectNode after = working.deepCopy();
        before.remove("status");
        after.remove("status");
        normaliseAnnotations(before);
        normaliseAnnotations(after);
        ObjectNode patch = MergePatchDiff.between(before, after);
        if (patch.isEmpty()) {
            return Optional.empty();
        }
        if (!(patch.get("metadata") instanceof ObjectNode)) {
            patch.putObject("metadata");
        }
        ((ObjectNode) patch.get("metadata")).put("resourceVersion", Metadata.resourceVersion(read));
        return Optional.of(new Action.Patch(Kind.REPLICA_SET, Metadata.namespace(read), Metadata.name(read), false,
                patch));
    }

    /** An empty annotations object the working copy got but never filled is no change. */
    private static void normaliseAnnotations(ObjectNode object) {
        if (object.path("metadata") instanceof ObjectNode metadata && metadata.path("annotations").isEmpty()) {
            metadata.remove("annotations");
        }
    }
}
