package io.kumos.gateway.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Mutates JSON: in the tree (wrong types, deleted and unknown fields, nasty strings, deep nests, grafts from other
 * kinds) and in the text (truncation, flipped and inserted bytes, random bytes, invalid UTF-8).
 */
final class JsonMutator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] UNKNOWN_KEYS = {
        "unknownField", "spec", "metadata", "status", "apiVersion", "kind", "$patch", "$retainKeys",
        "$setElementOrder/containers", "$deleteFromPrimitiveList/finalizers", "$setElementOrder/ports", "",
        "\u0000", "\ud800", "a.b", "containers", "items", "data", "finalizers", "ownerReferences", "managedFields",
        "resourceVersion", "deletionTimestamp", "generation", "uid", "name", "namespace", "generateName"
    };

    /** What one duplication of an array element may add, in bytes of JSON. */
    private static final long MAX_COPIED_BYTES = 4L << 20;

    private final SplittableRandom random;
    private final ObjectMapper json;

    JsonMutator(SplittableRandom random, ObjectMapper json) {
        this.random = random;
        this.json = json;
    }

    /** A place in a tree: a field of an object or an element of an array. */
    private record Slot(JsonNode parent, String field, int index) {

        JsonNode get() {
            return parent instanceof ObjectNode object ? object.get(field) : parent.get(index);
        }

        void set(JsonNode value) {
            if (parent instanceof ObjectNode object) {
                object.set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (parent instanceof ObjectNode object) {
                object.remove(field);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }

    /** Applies 1-4 tree mutations to {@code root} in place. */
    void mutateTree(ObjectNode root, List<ObjectNode> donors) {
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            mutateOnce(root, donors);
        }
    }

    private void mutateOnce(ObjectNode root, List<ObjectNode> donors) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        if (slots.isEmpty()) {
            root.set(UNKNOWN_KEYS[random.nextInt(UNKNOWN_KEYS.length)], NastyValues.value(random));
            return;
        }
        Slot slot = slots.get(random.nextInt(slots.size()));
        JsonNode current = slot.get();
        switch (random.nextInt(10)) {
            case 0, 1 -> slot.set(NastyValues.value(random));
            case 2 -> slot.remove();
            case 3 -> slot.set(NODES.textNode(NastyValues.string(random)));
            case 4 -> {
                JsonNode container = current.isContainerNode() ? current : slot.parent();
                if (container instanceof ObjectNode object) {
                    object.set(UNKNOWN_KEYS[random.nextInt(UNKNOWN_KEYS.length)], NastyValues.value(random));
                } else {
                    ((ArrayNode) container).add(NastyValues.value(random));
                }
            }
            case 5 -> slot.set(NastyValues.nest(random, NastyValues.depth(random)));
            case 6 -> {
                if (current instanceof ArrayNode array && !array.isEmpty()) {
                    int copies = random.nextInt(8) == 0 ? 200 + random.nextInt(2000) : 1 + random.nextInt(3);
                    JsonNode element = array.get(random.nextInt(array.size()));
                    // Copies of copies grow a body geometrically: a few MB (over the API's limit) is enough to
                    // test that limit, and the cases share the heap of the gateway under test.
                    copies = (int) Math.min(copies, Math.max(1, MAX_COPIED_BYTES / Math.max(1, size(element))));
                    for (int i = 0; i < copies; i++) {
                        array.add(element.deepCopy());
                    }
                } else {
                    slot.set(NODES.arrayNode().add(current));
                }
            }
            case 7 -> {
                ObjectNode donor = donors.get(random.nextInt(donors.size()));
                List<Slot> theirs = new ArrayList<>();
                collect(donor, theirs);
                if (!theirs.isEmpty()) {
                    slot.set(theirs.get(random.nextInt(theirs.size())).get().deepCopy());
                }
            }
            case 8 -> {
                if (current.isTextual()) {
                    slot.set(NODES.textNode(current.asText() + NastyValues.string(random)));
                } else if (current.isNumber()) {
                    slot.set(NODES.textNode(current.asText()));
                } else {
                    slot.set(NODES.nullNode());
                }
            }
            default -> {
                if (current instanceof ObjectNode object) {
                    object.removeAll();
                } else if (current instanceof ArrayNode array) {
                    array.removeAll();
                } else {
                    slot.set(NastyValues.value(random));
                }
            }
        }
    }

    private long size(JsonNode node) {
        try {
            return json.writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            return MAX_COPIED_BYTES;
        }
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
                String name = names.next();
                slots.add(new Slot(object, name, -1));
                collect(object.get(name), slots);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Slot(array, null, i));
                collect(array.get(i), slots);
            }
        }
    }

    /**
     * The tree as JSON bytes. Non-ASCII is escaped half the time, and always when a string holds a lone
     * surrogate, which UTF-8 cannot carry (it reaches the server as {@code \ud800}).
     */
    byte[] write(JsonNode tree) {
        String text;
        try {
            boolean escape = random.nextBoolean() || hasLoneSurrogate(tree);
            text = json.writer().with(escape ? JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature()
                    : JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Breaks the text: truncates it, flips, inserts or deletes bytes, or puts invalid UTF-8 in. */
    byte[] mutateText(byte[] body) {
        byte[] out = body;
        switch (random.nextInt(7)) {
            case 0 -> out = java.util.Arrays.copyOf(body, body.length == 0 ? 0 : random.nextInt(body.length));
            case 1 -> {
                out = body.clone();
                for (int i = 0, n = 1 + random.nextInt(8); i < n && out.length > 0; i++) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> out = splice(body, randomBytes(1 + random.nextInt(16)));
            case 3 -> out = splice(body, new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xed, (byte) 0xa0, (byte) 0x80,
                (byte) 0xff, 0});
            case 4 -> out = randomBytes(random.nextInt(2048));
            case 5 -> out = splice(body, ",\"metadata\":{\"name\":7},\"metadata\":null".getBytes(StandardCharsets.UTF_8));
            default -> out = splice(body, "\"a\u0000b\"".getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private byte[] splice(byte[] body, byte[] insert) {
        int at = body.length == 0 ? 0 : random.nextInt(body.length);
        byte[] out = new byte[body.length + insert.length];
        System.arraycopy(body, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(body, at, out, at + insert.length, body.length - at);
        return out;
    }

    byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static boolean hasLoneSurrogate(JsonNode node) {
        if (node.isTextual()) {
            return loneSurrogate(node.asText());
        }
        for (Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            java.util.Map.Entry<String, JsonNode> field = it.next();
            if (loneSurrogate(field.getKey()) || hasLoneSurrogate(field.getValue())) {
                return true;
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (hasLoneSurrogate(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
