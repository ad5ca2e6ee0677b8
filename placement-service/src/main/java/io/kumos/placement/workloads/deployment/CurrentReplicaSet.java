package io.kumos.placement.workloads.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.placement.workloads.Conditions;
import io.kumos.placement.workloads.Kind;
import io.kumos.placement.workloads.Metadata;
import io.kumos.placement.workloads.OwnerReferences;
import io.kumos.placement.workloads.Replicas;

/**
 * Finding, and if asked creating, the ReplicaSet whose pod template is the Deployment's (upstream's
 * {@code getAllReplicaSetsAndSyncRevision}): its revision becomes one more than the highest of the others (so a
 * template rolled back to becomes the newest revision again), and the Deployment's revision follows it.
 */
final class CurrentReplicaSet {

    static final String PROGRESSING = "Progressing";

    private CurrentReplicaSet() {
    }

    /** Finds the current ReplicaSet (the oldest, should there be several) and brings its revision up to date. */
    static void find(DeploymentPass pass) {
        JsonNode template = pass.deployment.path("spec").path("template");
        for (OwnedReplicaSet replicaSet : pass.all()) {
            if (TemplateHash.equalIgnoringHash(replicaSet.template(), template)) {
                pass.setCurrent(replicaSet);
                break;
            }
        }
        OwnedReplicaSet current = pass.current();
        if (current == null) {
            return;
        }
        long newRevision = RevisionAnnotations.maxRevision(pass.old()) + 1;
        RevisionAnnotations.setNewReplicaSetAnnotations(pass.deployment, current, newRevision, true, pass.replicas(),
                pass.replicas() + pass.maxSurge());
        if (Replicas.minReadySeconds(current.object()) != pass.minReadySeconds()) {
            current.setMinReadySeconds(pass.minReadySeconds());
        }
        pass.setRevision(current.annotation(RevisionAnnotations.REVISION));
        if (pass.hasProgressDeadline() && Conditions.find(pass.status, PROGRESSING).isEmpty()) {
            Conditions.set(pass.status, DeploymentStatuses.condition(pass, PROGRESSING, "True", "FoundNewReplicaSet",
                    "Found new replica set \"" + current.name() + "\""));
        }
    }

    /**
     * Creates the current ReplicaSet if there is none: named after the Deployment and the template's hash, the
     * hash added to its selector and template labels, as many replicas as the strategy allows now. A ReplicaSet of
     * that name that is not the Deployment's (a hash collision) raises {@code status.collisionCount} instead, so
     * the next pass tries another name.
     *
     * @return whether there is a current ReplicaSet now
     */
    static boolean create(DeploymentPass pass) {
        if (pass.current() != null) {
            return true;
        }
        JsonNode deployment = pass.deployment;
        JsonNode collisions = pass.status.path("collisionCount");
        Integer collisionCount = collisions.isIntegralNumber() ? collisions.asInt() : null;
        String hash = TemplateHash.of(deployment.path("spec").path("template"), collisionCount);
        String name = Metadata.name(deployment) + "-" + hash;
        for (JsonNode existing : pass.namespaceReplicaSets) {
            if (Metadata.name(existing).equals(name)) {
                pass.status.put("collisionCount", collisionCount == null ? 1 : collisionCount + 1);
                return false;
            }
        }
        OwnedReplicaSet created = OwnedReplicaSet.toCreate(newReplicaSet(deployment, name, hash), pass.now);
        long newRevision = RevisionAnnotations.maxRevision(pass.old()) + 1;
        pass.setCurrent(created);
        created.setReplicas(Strategies.newReplicaSetReplicas(pass, created));
        RevisionAnnotations.setNewReplicaSetAnnotations(deployment, created, newRevision, false, pass.replicas(),
                pass.replicas() + pass.maxSurge());
        if (created.replicas() > 0) {
            pass.event("Normal", "ScalingReplicaSet", "Scaled up replica set " + name + " to " + created.replicas());
        }
        pass.setRevision(Long.toString(newRevision));
        if (pass.hasProgressDeadline()) {
            Conditions.set(pass.status, DeploymentStatuses.condition(pass, PROGRESSING, "True", "NewReplicaSetCreated",
                    "Created new replica set \"" + name + "\""));
        }
        return true;
    }

    private static ObjectNode newReplicaSet(JsonNode deployment, String name, String hash) {
        ObjectNode template = deployment.path("spec").path("template").deepCopy();
        ObjectNode templateMetadata = template.has("metadata") ? (ObjectNode) template.get("metadata")
                : template.putObject("metadata");
        ObjectNode labels = templateMetadata.has("labels") ? (ObjectNode) templateMetadata.get("labels")
                : templateMetadata.putObject("labels");
        labels.put(TemplateHash.LABEL, hash);
        ObjectNode selector = deployment.path("spec").path("selector").deepCopy();
        ObjectNode matchLabels = selector.has("matchLabels") ? (ObjectNode) selector.get("matchLabels")
                : selector.putObject("matchLabels");
        matchLabels.put(TemplateHash.LABEL, hash);

        ObjectNode replicaSet = JsonNodeFactory.instance.objectNode();
        replicaSet.put("apiVersion", Kind.REPLICA_SET.apiVersion()).put("kind", Kind.REPLICA_SET.kind());
        ObjectNode metadata = replicaSet.putObject("metadata");
        metadata.put("name", name).put("namespace", Metadata.namespace(deployment));
        metadata.set("labels", labels.deepCopy());
        metadata.putArray("ownerReferences").add(OwnerReferences.controllerReference(deployment, Kind.DEPLOYMENT));
        ObjectNode spec = replicaSet.putObject("spec");
        spec.put("replicas", 0);
        int minReadySeconds = deployment.path("spec").path("minReadySeconds").asInt(0);
        if (minReadySeconds > 0) {
            spec.put("minReadySeconds", minReadySeconds);
        }
        spec.set("selector", selector);
        spec.set("template", template);
        return replicaSet;
    }
}
