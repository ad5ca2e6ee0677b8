package io.kumos.gateway.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** apps/v1 ReplicaSets: one replica by default; an immutable selector. */
final class ReplicaSetRules implements KindRules {

    @Override
    public void applyDefaults(ObjectNode replicaSet) {
        ObjectNode spec = Nodes.object(replicaSet, "spec");
        Nodes.defaultInt(spec, "replicas", 1);
        Templates.applyDefaults(spec);
    }

    @Override
    public void prepareForCreate(ObjectNode replicaSet) {
        replicaSet.putObject("status").put("replicas", 0);
    }

    @Override
    public void validate(ObjectNode replicaSet, FieldErrors errors) {
        JsonNode spec = replicaSet.path("spec");
        Templates.validateReplicated(spec, errors);
    }

    @Override
    public void validateUpdate(ObjectNode replicaSet, JsonNode old, FieldErrors errors) {
        Templates.selectorIsImmutable(replicaSet, old, errors);
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }
}
