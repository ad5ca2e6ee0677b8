package io.kumos.gateway.patch;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.zjsonpatch.JsonPatch;
import io.kumos.gateway.status.ApiException;

/** The patch types a PATCH may carry, by Content-Type, and what each makes of the current object. */
@ApplicationScoped
public class Patches {

    public static final String JSON_PATCH = "application/json-patch+json";
    public static final String MERGE_PATCH = "application/merge-patch+json";
    public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    public static final String APPLY_PATCH = "application/apply-patch+yaml";

    /** The patch types served, as OpenAPI and the 415 message list them. */
    public static final List<String> TYPES = List.of(JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH);

    private final StrategicMergePatch strategic;

    public Patches(StrategicMergePatch strategic) {
        this.strategic = strategic;
    }

    /** The media type of a Content-Type header, checked to be a patch type served. */
    public static String mediaType(String contentType) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase();
        if (!TYPES.contains(type)) {
            throw ApiException.unsupportedMediaType("the body of the request was in an unknown format - accepted "
                    + "media types include: " + String.join(", ", TYPES));
        }
        return type;
    }

    /**
     * The object the patch makes of {@code current} (not changed), for a kind of that fabric8 model. (Apply
     * patches are {@link ServerSideApply}'s.)
     */
    public ObjectNode apply(String mediaType, JsonNode patch, ObjectNode current, Class<?> model) {
        return switch (mediaType) {
            case MERGE_PATCH -> {
                if (!patch.isObject()) {
                    throw ApiException.badRequest("a merge patch must be a JSON object");
                }
                yield (ObjectNode) MergePatch.apply(current.deepCopy(), patch);
            }
            case STRATEGIC_MERGE_PATCH -> strategic.apply(current, patch, model);
            case JSON_PATCH -> {
                if (!patch.isArray()) {
                    throw ApiException.badRequest("a JSON patch must be a JSON array of operations");
                }
                JsonNode result = current;
                for (JsonNode operation : patch) {
                    result = applyOperation(operation, result);
                }
                if (!(result instanceof ObjectNode object)) {
                    throw ApiException.of(422, "Invalid", "the JSON patch did not leave an object");
                }
                yield object;
            }
            default -> throw new IllegalArgumentException(mediaType);
        };
    }

    /**
     * One JSON patch operation. Removing what is not there is an error, as RFC 6902 and Kubernetes have it (the
     * library alone would ignore it). The library throws more than its own exception for a patch that does not fit
     * the object (an IllegalStateException for a field of an array, an IndexOutOfBoundsException for
     * {@code replace} of {@code /-}): all of them are the patch's fault, not the server's.
     */
    private static JsonNode applyOperation(JsonNode operation, JsonNode target) {
        String path = operation.path("path").asText("");
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw ApiException.of(422, "Invalid", "the JSON patch could not be applied: JSON pointer " + path
                    + " does not start with '/'");
        }
        if ("remove".equals(operation.path("op").asText()) && (path.isEmpty() || target.at(path).isMissingNode())) {
            throw ApiException.of(422, "Invalid", "the JSON patch could not be applied: unable to remove "
                    + "nonexistent key: " + path);
        }
        try {
            return JsonPatch.apply(JsonNodeFactory.instance.arrayNode().add(operation), target);
        } catch (RuntimeException e) {
            throw ApiException.of(422, "Invalid", "the JSON patch could not be applied: " + e.getMessage());
        }
    }
}
