package io.kumos.gateway.patch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.gateway.schema.ModelSchema;
import io.kumos.gateway.schema.ModelSchema.Shape;
import io.kumos.grid.objects.ObjectJson;

/**
 * The fields of an object as server-side apply counts them: paths of {@code f:<field>} steps, {@code k:{...}}
 * for an element of a list keyed by its merge key, {@code v:<value>} for an element of a set of primitives.
 * Scalars and lists without keys are leaves. These are the paths of {@code managedFields} (FieldsV1).
 */
public final class FieldPaths {

    /** Fields the system owns, never a manager's. */
    private static final Set<String> SYSTEM = Set.of("f:uid", "f:resourceVersion", "f:generation",
            "f:creationTimestamp", "f:deletionTimestamp", "f:deletionGracePeriodSeconds", "f:managedFields",
            "f:selfLink");
    private static final ObjectMapper JSON = ObjectJson.mapper();

    private final ModelSchema schema;

    public FieldPaths(ModelSchema schema) {
        this.schema = schema;
    }

    /** Every leaf path of {@code object}, in the type of {@code model}. */
    public Set<List<String>> of(JsonNode object, Class<?> model) {
        Set<List<String>> paths = new LinkedHashSet<>();
        collect(object, schema.type(model), new ArrayList<>(), paths, true);
        return paths;
    }

    private void collect(JsonNode value, JavaType type, List<String> path, Set<List<String>> paths, boolean top) {
        Shape shape = schema.shape(type);
        if (value.isObject() && (shape == Shape.OBJECT || shape == Shape.MAP || type == null)) {
            if (value.isEmpty() && !path.isEmpty()) {
                paths.add(List.copyOf(path));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                String step = "f:" + field.getKey();
                boolean metadata = path.size() == 1 && path.get(0).equals("f:metadata");
                if (top && (field.getKey().equals("apiVersion") || field.getKey().equals("kind"))
                        || metadata && SYSTEM.contains(step) || field.getValue().isNull()) {
                    continue;
                }
                JavaType fieldType = shape == Shape.OBJECT ? schema.property(type, field.getKey())
                        : shape == Shape.MAP ? schema.content(type) : null;
                path.add(step);
                Optional<PatchMeta.Field> meta = shape == Shape.OBJECT
                        ? PatchMeta.of(type.getRawClass().getSimpleName(), field.getKey()) : Optional.empty();
                collectField(field.getValue(), fieldType, meta, path, paths);
                path.remove(path.size() - 1);
            }
            return;
        }
        paths.add(List.copyOf(path));
    }

    private void collectField(JsonNode value, JavaType type, Optional<PatchMeta.Field> meta, List<String> path,
            Set<List<String>> paths) {
        if (!value.isArray() || meta.isEmpty() || !meta.get().merge()) {
            collect(value, type, path, paths, false);
            return;
        }
        for (JsonNode element : value) {
            path.add(elementStep(element, meta.get()));
            if (meta.get().mergeKey().isEmpty() || !element.isObject()) {
                paths.add(List.copyOf(path));
            } else {
                paths.add(append(path, "."));
                collect(element, schema.content(type), path, paths, false);
            }
            path.remove(path.size() - 1);
        }
    }

    /** The step that names a list element: its key fields, or its value for a set of primitives. */
    static String elementStep(JsonNode element, PatchMeta.Field meta) {
        if (meta.mergeKey().isEmpty() || !element.isObject()) {
            return "v:" + element;
        }
        List<String> keys = meta.mapKeys().isEmpty() ? List.of(meta.mergeKey()) : meta.mapKeys();
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        for (String name : keys) {
            if (element.has(name)) {
                key.set(name, element.get(name));
            }
        }
        return "k:" + key;
    }

    /** The value at a path, or null if the object has nothing there. */
    public static JsonNode valueAt(JsonNode object, List<String> path) {
        JsonNode current = object;
        for (String step : path) {
            if (current == null) {
                return null;
            }
            current = child(current, step);
        }
        return current;
    }

    /** Removes what is at a path (the field, or the list element); false if nothing was there. */
    public static boolean remove(JsonNode object, List<String> path) {
        if (path.isEmpty()) {
            return false;
        }
        String last = path.get(path.size() - 1);
        List<String> parentPath = path.subList(0, path.size() - 1);
        if (last.equals(".")) {
            return remove(object, parentPath);
        }
        JsonNode parent = valueAt(object, parentPath);
        if (parent instanceof ObjectNode fields && last.startsWith("f:")) {
            return fields.remove(last.substring(2)) != null;
        }
        if (parent instanceof ArrayNode list) {
            int index = indexOf(list, last);
            if (index >= 0) {
                list.remove(index);
                return true;
            }
        }
        return false;
    }

    private static JsonNode child(JsonNode node, String step) {
        if (step.equals(".")) {
            return node;
        }
        if (step.startsWith("f:")) {
            return node.isObject() ? node.get(step.substring(2)) : null;
        }
        if (node instanceof ArrayNode list) {
            int index = indexOf(list, step);
            return index < 0 ? null : list.get(index);
        }
        return null;
    }

    private static int indexOf(ArrayNode list, String step) {
        try {
            JsonNode wanted = JSON.readTree(step.substring(2));
            for (int i = 0; i < list.size(); i++) {
                JsonNode element = list.get(i);
                if (step.startsWith("v:") && element.equals(wanted)) {
                    return i;
                }
                if (step.startsWith("k:") && element.isObject() && matches(element, wanted)) {
                    return i;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    private static boolean matches(JsonNode element, JsonNode key) {
        for (Iterator<Map.Entry<String, JsonNode>> it = key.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().equals(element.get(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The paths as a FieldsV1 tree: each step a key, each leaf {@code {}}. */
    public static ObjectNode toFieldsV1(Set<List<String>> paths) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (List<String> path : paths) {
            ObjectNode node = root;
            for (String step : path) {
                node = node.get(step) instanceof ObjectNode child ? child : node.putObject(step);
            }
        }
        return root;
    }

    /** The leaf paths of a FieldsV1 tree. */
    public static Set<List<String>> fromFieldsV1(JsonNode fields) {
        Set<List<String>> paths = new LinkedHashSet<>();
        walk(fields, new ArrayList<>(), paths);
        return paths;
    }

    private static void walk(JsonNode node, List<String> path, Set<List<String>> paths) {
        if (node.isEmpty()) {
            if (!path.isEmpty()) {
                paths.add(List.copyOf(path));
            }
            return;
        }
        node.fields().forEachRemaining(field -> {
            path.add(field.getKey());
            walk(field.getValue(), path, paths);
            path.remove(path.size() - 1);
        });
    }

    /** {@code .spec.replicas}, {@code .spec.containers[name="main"].image}: how conflicts name a field. */
    public static String describe(List<String> path) {
        StringBuilder text = new StringBuilder();
        for (String step : path) {
            if (step.startsWith("f:")) {
                text.append('.').append(step.substring(2));
            } else if (step.startsWith("k:") || step.startsWith("v:")) {
                text.append('[').append(step.substring(2).replaceAll("[{}]", "").replace(':', '=')).append(']');
            }
        }
        return text.toString();
    }

    private static List<String> append(List<String> path, String step) {
        List<String> longer = new ArrayList<>(path);
        longer.add(step);
        return longer;
    }
}
