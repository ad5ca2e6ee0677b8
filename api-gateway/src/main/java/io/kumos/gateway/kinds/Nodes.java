package io.kumos.gateway.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Small helpers for editing Jackson trees, which defaulting does a lot of. */
public final class Nodes {

    private Nodes() {
    }

    /** The object under {@code field}, created if missing. */
    static ObjectNode object(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode child ? child : parent.putObject(field);
    }

    /** The array under {@code field}, or an empty detached one if missing. */
    static ArrayNode array(JsonNode parent, String field) {
        return parent.path(field) instanceof ArrayNode array ? array : new ArrayNode(null);
    }

    static boolean missing(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        return value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty());
    }

    static void defaultText(ObjectNode parent, String field, String value) {
        if (missing(parent, field)) {
            parent.put(field, value);
        }
    }

    static void defaultInt(ObjectNode parent, String field, long value) {
        if (missing(parent, field)) {
            parent.put(field, value);
        }
    }

    static void defaultBoolean(ObjectNode parent, String field, boolean value) {
        if (missing(parent, field)) {
            parent.put(field, value);
        }
    }

    /** The objects of an array field, for editing. */
    static Iterable<ObjectNode> objects(JsonNode parent, String field) {
        return () -> java.util.stream.StreamSupport.stream(array(parent, field).spliterator(), false)
                .filter(ObjectNode.class::isInstance).map(ObjectNode.class::cast).iterator();
    }

    /** Makes {@code target.field} what {@code source.field} is, absent included. */
    public static void copyField(ObjectNode target, JsonNode source, String field) {
        JsonNode value = source.get(field);
        if (value == null) {
            target.remove(field);
        } else {
            target.set(field, value.deepCopy());
        }
    }
}
