package io.kumos.placement.workloads;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON merge patch (RFC 7386) that turns one object into another: changed and added fields with their new
 * values, removed ones as {@code null}, arrays whole. Numbers compare by value, so an {@code observedGeneration}
 * the controller computed as a long equals the same number read back as an int: a status that did not change
 * is not written again.
 */
public final class MergePatchDiff {

    private MergePatchDiff() {
    }

    /** The patch from {@code before} to {@code after}; empty when they are the same. */
    public static ObjectNode between(JsonNode before, JsonNode after) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = after.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode old = before.get(field.getKey());
            JsonNode now = field.getValue();
            if (old == null || !same(old, now)) {
                if (old != null && old.isObject() && now.isObject()) {
                    patch.set(field.getKey(), between(old, now));
                } else {
                    patch.set(field.getKey(), now.deepCopy());
                }
            }
        }
        Iterator<String> names = before.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!after.has(name)) {
                patch.putNull(name);
            }
        }
        return patch;
    }

    /** Equal as JSON values, numbers by value. */
    public static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = a.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode other = b.get(field.getKey());
                if (other == null || !same(field.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
