package io.kumos.placement.workloads.deployment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code pod-template-hash} of a Deployment's pod template, which names its ReplicaSet and labels its pods.
 * Upstream hashes the Go struct with FNV-32a and renders the number with {@code rand.SafeEncodeString}; this hashes
 * the template's canonical JSON (keys sorted) with FNV-32a, then renders the same way, so the hash is stable
 * across restarts and processes and looks like upstream's ({@code 7c5ddbdf54}). The collision count, when there is
 * one, is hashed in after the template, as upstream does, so a collision yields a new name.
 */
public final class TemplateHash {

    /** The label (and selector term) that tells the ReplicaSets of one Deployment apart. */
    public static final String LABEL = "pod-template-hash";
    private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private TemplateHash() {
    }

    public static String of(JsonNode template, Integer collisionCount) {
        int hash = FNV_OFFSET;
        for (byte b : canonical(template).toString().getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * FNV_PRIME;
        }
        if (collisionCount != null) {
            // Upstream writes the int32 count as 8 little-endian bytes.
            long count = collisionCount;
            for (int i = 0; i < 8; i++) {
                hash = (hash ^ (int) ((count >>> (8 * i)) & 0xff)) * FNV_PRIME;
            }
        }
        return safeEncode(Integer.toUnsignedString(hash));
    }

    /** Upstream's {@code rand.SafeEncodeString}: each character mapped into an alphabet without vowels. */
    static String safeEncode(String text) {
        StringBuilder encoded = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            encoded.append(SAFE_ALPHABET.charAt(c % SAFE_ALPHABET.length()));
        }
        return encoded.toString();
    }

    /** Whether two pod templates are the same once their pod-template-hash labels are left out. */
    public static boolean equalIgnoringHash(JsonNode a, JsonNode b) {
        return withoutHash(a).equals(withoutHash(b));
    }

    private static JsonNode withoutHash(JsonNode template) {
        JsonNode copy = canonical(template);
        if (copy.path("metadata").path("labels") instanceof ObjectNode labels) {
            labels.remove(LABEL);
            if (labels.isEmpty()) {
                ((ObjectNode) copy.path("metadata")).remove("labels");
            }
        }
        return copy;
    }

    /**
     * A copy with every object's keys in sorted order (numbers as written) and without null fields: a null is the
     * zero value Go decodes it to, so {@code creationTimestamp: null} (which kubectl sends with the template that
     * {@code rollout undo} copies back from a ReplicaSet) is the same template as none.
     */
    static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fields().forEachRemaining(field -> {
                if (!field.getValue().isNull()) {
                    names.add(field.getKey());
                }
            });
            Collections.sort(names);
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                sorted.set(name, canonical(node.get(name)));
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> array.add(canonical(item)));
            return array;
        }
        return node;
    }
}
