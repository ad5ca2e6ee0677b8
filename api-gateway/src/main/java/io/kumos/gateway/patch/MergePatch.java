package io.kumos.gateway.patch;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON merge patch (RFC 7386): objects merge key by key, {@code null} deletes a key, anything else replaces.
 * For the kinds served so far, whose lists carry no merge keys, a strategic merge patch without directives means
 * the same.
 */
public final class MergePatch {

    private MergePatch() {
    }

    /** Applies {@code patch} to {@code target} and returns the result; {@code target} may be changed in place. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!(patch instanceof ObjectNode patchObject)) {
            return patch;
        }
        ObjectNode result = target instanceof ObjectNode object ? object : patchObject.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = patchObject.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }
}
