package io.kumos.gateway.objects;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * A JSON string may escape half of a surrogate pair alone ({@code "\ud800"}), which no UTF-8 text can hold: written
 * to PostgreSQL it is an invalid byte sequence. kube-apiserver's JSON decoder reads such a half as U+FFFD, the
 * replacement character; so do we, in keys and values, before anything else sees the body. Pure functions.
 */
final class LoneSurrogates {

    private static final char REPLACEMENT = '\ufffd';

    private LoneSurrogates() {
    }

    /**
     * Whether a body's text may hold a lone surrogate once parsed: only an escape can put one there (bytes that are
     * not UTF-8 were replaced when the text was decoded), and every escape starts with a backslash.
     */
    static boolean mayHold(String text) {
        return text.indexOf('\\') >= 0;
    }

    /** The tree with every lone surrogate of its keys and strings replaced; changed in place where it can be. */
    static JsonNode replace(JsonNode node) {
        if (node instanceof TextNode text) {
            String fixed = replace(text.textValue());
            return fixed == null ? node : TextNode.valueOf(fixed);
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, replace(array.get(i)));
            }
        } else if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> renamed = new ArrayList<>();
            for (var fields = object.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(replace(field.getValue()));
                String key = replace(field.getKey());
                if (key != null) {
                    renamed.add(Map.entry(key, field.getValue()));
                    fields.remove();
                }
            }
            renamed.forEach(field -> object.set(field.getKey(), field.getValue()));
        }
        return node;
    }

    /** The string with its lone surrogates replaced, or null if it has none. */
    static String replace(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = REPLACEMENT;
            }
        }
        return chars == null ? null : new String(chars);
    }
}
