package io.kumos.placement.workloads;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Which objects a controller owns, as upstream's {@code ControllerRefManager} decides it: those whose controller
 * reference names it and that its selector still selects; an orphan its selector selects is adopted (it gets the
 * controller reference); one it controls that its selector no longer selects is released (the reference goes).
 * An owner being deleted adopts and releases nothing, and nobody adopts or releases an object being deleted.
 *
 * <p>Adoption and release are merge patches conditional on the object's resourceVersion, so a claim made on a
 * stale view fails with 409 and is decided again.
 */
public final class Claims {

    /** The objects the owner owns after this pass, and the patches that adopt or release. */
    public record Result(List<JsonNode> owned, List<Action> actions) {
    }

    private Claims() {
    }

    /**
     * @param owner      the controller object
     * @param ownerKind  its kind
     * @param kind       the kind of the candidates
     * @param selector   the owner's label selector
     * @param candidates the objects of the owner's namespace that it might own
     */
    public static Result claim(JsonNode owner, Kind ownerKind, Kind kind, JsonNode selector,
            List<JsonNode> candidates) {
        List<JsonNode> owned = new ArrayList<>();
        List<Action> actions = new ArrayList<>();
        boolean ownerTerminating = Metadata.terminating(owner);
        for (JsonNode candidate : candidates) {
            boolean selected = LabelSelector.selects(selector, Metadata.labels(candidate));
            var controller = OwnerReferences.controllerOf(candidate);
            if (controller.isPresent()) {
                if (!controller.get().path("uid").asText().equals(Metadata.uid(owner))) {
                    continue;
                }
                if (selected) {
                    owned.add(candidate);
                } else if (!ownerTerminating && !Metadata.terminating(candidate)) {
                    actions.add(release(candidate, owner, kind));
                }
            } else if (selected && !ownerTerminating && !Metadata.terminating(candidate)) {
                actions.add(adopt(candidate, owner, ownerKind, kind));
                owned.add(candidate);
            }
        }
        return new Result(owned, actions);
    }

    private static Action adopt(JsonNode candidate, JsonNode owner, Kind ownerKind, Kind kind) {
        ArrayNode references = JsonNodeFactory.instance.arrayNode();
        candidate.path("metadata").path("ownerReferences").forEach(references::add);
        references.add(OwnerReferences.controllerReference(owner, ownerKind));
        return referencesPatch(candidate, kind, references);
    }

    private static Action release(JsonNode candidate, JsonNode owner, Kind kind) {
        ArrayNode references = JsonNodeFactory.instance.arrayNode();
        for (JsonNode reference : candidate.path("metadata").path("ownerReferences")) {
            if (!reference.path("uid").asText().equals(Metadata.uid(owner))) {
                references.add(reference);
            }
        }
        return referencesPatch(candidate, kind, references);
    }

    private static Action referencesPatch(JsonNode candidate, Kind kind, ArrayNode references) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        ObjectNode metadata = patch.putObject("metadata").put("resourceVersion", Metadata.resourceVersion(candidate));
        if (references.isEmpty()) {
            metadata.putNull("ownerReferences");
        } else {
            metadata.set("ownerReferences", references);
        }
        return new Action.Patch(kind, Metadata.namespace(candidate), Metadata.name(candidate), false, patch);
    }
}
