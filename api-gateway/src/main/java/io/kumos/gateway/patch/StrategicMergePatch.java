package io.kumos.gateway.patch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.gateway.schema.ModelSchema;
import io.kumos.gateway.schema.ModelSchema.Shape;
import io.kumos.gateway.status.ApiException;

/**
 * Kubernetes' strategic merge patch ({@code application/strategic-merge-patch+json}), as kubectl's apply, edit,
 * patch and rollout send it: a merge patch whose lists merge by the key {@link PatchMeta} names for them (other
 * lists are replaced), with the directives {@code $patch: replace|delete}, {@code $setElementOrder/<list>},
 * {@code $retainKeys} and {@code $deleteFromPrimitiveList/<list>}. The types come from the {@link ModelSchema}.
 */
@ApplicationScoped
public class StrategicMergePatch {

    private static final String PATCH = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String SET_ELEMENT_ORDER = "$setElementOrder/";
    private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

    private final ModelSchema schema;

    public StrategicMergePatch(ModelSchema schema) {
        this.schema = schema;
    }

    /** The object that {@code patch} makes of {@code original} (which is not changed), for the given model. */
    public ObjectNode apply(JsonNode original, JsonNode patch, Class<?> model) {
        if (!(patch instanceof ObjectNode patchObject)) {
            throw ApiException.badRequest("a strategic merge patch must be a JSON object");
        }
        ObjectNode merged = mergeObject(original.deepCopy(), patchObject, schema.type(model));
        return merged == null ? JsonNodeFactory.instance.objectNode() : merged;
    }

    /** Merges a patch into an object (changed in place; null for none); null if the patch deletes it. */
    private ObjectNode mergeObject(ObjectNode original, ObjectNode patch, JavaType type) {
        String directive = patch.path(PATCH).asText("");
        if (directive.equals("delete")) {
            return null;
        }
        ObjectNode result = original == null || directive.equals("replace")
                ? JsonNodeFactory.instance.objectNode() : original;
        JsonNode retainKeys = null;
        Map<String, JsonNode> orders = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.equals(PATCH)) {
                continue;
            } else if (key.equals(RETAIN_KEYS)) {
                retainKeys = value;
            } else if (key.startsWith(SET_ELEMENT_ORDER)) {
                orders.put(key.substring(SET_ELEMENT_ORDER.length()), value);
            } else if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                deleteFromPrimitiveList(result, key.substring(DELETE_FROM_PRIMITIVE_LIST.length()), value);
            } else if (value.isNull()) {
                result.remove(key);
            } else {
                JsonNode merged = mergeValue(result.get(key), value, type, key);
                if (merged == null || merged.isArray() && merged.isEmpty() && !value.isEmpty()) {
                    result.remove(key);
                } else {
                    result.set(key, merged);
                }
            }
        }
        orders.forEach((list, order) -> reorder(result, list, order, type));
        if (retainKeys != null) {
            List<String> retained = new ArrayList<>();
            retainKeys.forEach(k -> retained.add(k.asText()));
            result.retain(retained);
        }
        return result;
    }

    private JsonNode mergeValue(JsonNode current, JsonNode value, JavaType parentType, String key) {
        JavaType type = fieldType(parentType, key);
        if (value instanceof ObjectNode patchObject) {
            return mergeObject(current instanceof ObjectNode object ? object : null, patchObject, type);
        }
        if (value instanceof ArrayNode patchList) {
            Optional<PatchMeta.Field> meta = meta(parentType, key);
            if (meta.isPresent() && meta.get().merge()) {
                return meta.get().mergeKey().isEmpty()
                        ? mergePrimitives(current, patchList)
                        : mergeList(current, patchList, meta.get().mergeKey(), schema.content(type));
            }
            return replacement(patchList, schema.content(type));
        }
        return value;
    }

    /** Lists with a merge key: elements merge with the one of the same key, are deleted, or are appended. */
    private ArrayNode mergeList(JsonNode current, ArrayNode patch, String mergeKey, JavaType elementType) {
        ArrayNode result = current instanceof ArrayNode list ? list : JsonNodeFactory.instance.arrayNode();
        boolean replace = false;
        for (JsonNode element : patch) {
            if ("replace".equals(element.path(PATCH).asText()) && element.size() == 1) {
                replace = true;
            }
        }
        if (replace) {
            result = JsonNodeFactory.instance.arrayNode();
        }
        for (JsonNode element : patch) {
            if (!(element instanceof ObjectNode patchElement)) {
                result.add(element);
                continue;
            }
            if (patchElement.size() == 1 && patchElement.has(PATCH)) {
                continue;
            }
            int index = indexOf(result, mergeKey, patchElement.get(mergeKey));
            if ("delete".equals(patchElement.path(PATCH).asText())) {
                if (index >= 0) {
                    result.remove(index);
                }
            } else if (index >= 0) {
                result.set(index, mergeObject((ObjectNode) result.get(index), patchElement, elementType));
            } else {
                result.add(mergeObject(null, patchElement, elementType));
            }
        }
        return result;
    }

    /** Lists of primitives merged as sets (finalizers): the patch's values are added if missing. */
    private static ArrayNode mergePrimitives(JsonNode current, ArrayNode patch) {
        ArrayNode result = current instanceof ArrayNode list ? list : JsonNodeFactory.instance.arrayNode();
        for (JsonNode value : patch) {
            if (indexOf(result, null, value) < 0) {
                result.add(value);
            }
        }
        return result;
    }

    /** A list that replaces the current one; directives in its objects still apply to those objects. */
    private ArrayNode replacement(ArrayNode patch, JavaType elementType) {
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        for (JsonNode element : patch) {
            result.add(element instanceof ObjectNode object ? mergeObject(null, object, elementType) : element);
        }
        return result;
    }

    private static void deleteFromPrimitiveList(ObjectNode result, String list, JsonNode values) {
        if (result.get(list) instanceof ArrayNode current) {
            for (JsonNode value : values) {
                int index;
                while ((index = indexOf(current, null, value)) >= 0) {
                    current.remove(index);
                }
            }
            if (current.isEmpty()) {
                result.remove(list);
            }
        }
    }

    /** Orders a merged list as {@code $setElementOrder} says; elements it does not name keep their place after. */
    private void reorder(ObjectNode result, String list, JsonNode order, JavaType type) {
        if (!(result.get(list) instanceof ArrayNode current)) {
            return;
        }
        String mergeKey = meta(type, list).map(PatchMeta.Field::mergeKey).orElse("");
        ArrayNode ordered = JsonNodeFactory.instance.arrayNode();
        List<JsonNode> remaining = new ArrayList<>();
        current.forEach(remaining::add);
        for (JsonNode wanted : order) {
            JsonNode key = mergeKey.isEmpty() ? wanted : wanted.get(mergeKey);
            for (Iterator<JsonNode> it = remaining.iterator(); it.hasNext();) {
                JsonNode element = it.next();
                if (key != null && key.equals(mergeKey.isEmpty() ? element : element.get(mergeKey))) {
                    ordered.add(element);
                    it.remove();
                    break;
                }
            }
        }
        remaining.forEach(ordered::add);
        result.set(list, ordered);
    }

    private static int indexOf(ArrayNode list, String mergeKey, JsonNode key) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode candidate = mergeKey == null ? list.get(i) : list.get(i).get(mergeKey);
            if (candidate != null && candidate.equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private JavaType fieldType(JavaType parent, String key) {
        return switch (schema.shape(parent)) {
            case OBJECT -> schema.property(parent, key);
            case MAP -> schema.content(parent);
            default -> null;
        };
    }

    private Optional<PatchMeta.Field> meta(JavaType parent, String key) {
        if (schema.shape(parent) != Shape.OBJECT) {
            return Optional.empty();
        }
        return PatchMeta.of(parent.getRawClass().getSimpleName(), key);
    }
}
