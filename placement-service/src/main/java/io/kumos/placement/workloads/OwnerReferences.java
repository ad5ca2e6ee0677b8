package io.kumos.placement.workloads;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An object's {@code ownerReferences}: which controller it belongs to, and the reference a controller sets. */
public final class OwnerReferences {

    private OwnerReferences() {
    }

    /** The reference to the object's controller (the one with {@code controller: true}), if it has one. */
    public static Optional<JsonNode> controllerOf(JsonNode object) {
        for (JsonNode reference : object.path("metadata").path("ownerReferences")) {
            if (reference.path("controller").asBoolean(false)) {
                return Optional.of(reference);
            }
        }
        return Optional.empty();
    }

    /** Whether the object's controller is the owner (same uid). */
    public static boolean controlledBy(JsonNode object, JsonNode owner) {
        return controllerOf(object).map(reference -> reference.path("uid").asText().equals(Metadata.uid(owner)))
                .orElse(false);
    }

    /**
     * The reference a controller puts on what it creates or adopts: controller, and blocking its owner's
     * foreground deletion, as upstream's {@code NewControllerRef}.
     */
    public static ObjectNode controllerReference(JsonNode owner, Kind ownerKind) {
        ObjectNode reference = JsonNodeFactory.instance.objectNode();
        reference.put("apiVersion", ownerKind.apiVersion()).put("kind", ownerKind.kind())
                .put("name", Metadata.name(owner)).put("uid", Metadata.uid(owner))
                .put("controller", true).put("blockOwnerDeletion", true);
        return reference;
    }
}
