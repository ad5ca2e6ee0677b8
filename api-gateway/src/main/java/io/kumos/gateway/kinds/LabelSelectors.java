package io.kumos.gateway.kinds;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code metav1.LabelSelector} objects (matchLabels and matchExpressions): matching, and their string form. */
public final class LabelSelectors {

    private LabelSelectors() {
    }

    /** Whether labels satisfy the selector; an empty selector matches everything. */
    public static boolean matches(JsonNode selector, JsonNode labels) {
        var matchLabels = selector.path("matchLabels").fields();
        while (matchLabels.hasNext()) {
            var entry = matchLabels.next();
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            JsonNode value = labels.get(key);
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> value != null && values.contains(value.asText());
                case "NotIn" -> value == null || !values.contains(value.asText());
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static boolean isEmpty(JsonNode selector) {
        return selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty();
    }

    /** The selector as a label selector query string, e.g. {@code app=web,tier in (a,b)}. */
    public static String toQuery(JsonNode selector) {
        List<String> terms = new ArrayList<>();
        selector.path("matchLabels").fields()
                .forEachRemaining(e -> terms.add(e.getKey() + "=" + e.getValue().asText()));
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            switch (expression.path("operator").asText()) {
                case "In" -> terms.add(key + " in (" + String.join(",", values) + ")");
                case "NotIn" -> terms.add(key + " notin (" + String.join(",", values) + ")");
                case "Exists" -> terms.add(key);
                case "DoesNotExist" -> terms.add("!" + key);
                default -> {
                }
            }
        }
        return String.join(",", terms);
    }
}
