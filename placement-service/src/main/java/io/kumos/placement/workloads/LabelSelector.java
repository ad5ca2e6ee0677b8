package io.kumos.placement.workloads;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A {@code metav1.LabelSelector} ({@code matchLabels} and {@code matchExpressions}) matched against labels. Unlike a
 * query, a controller's selector that is empty selects nothing: upstream refuses to let an empty selector claim
 * every pod of a namespace.
 */
public final class LabelSelector {

    private LabelSelector() {
    }

    /** Whether the labels satisfy a workload's selector; an empty or missing selector matches nothing. */
    public static boolean selects(JsonNode selector, JsonNode labels) {
        if (!selector.isObject() || (selector.path("matchLabels").isEmpty()
                && selector.path("matchExpressions").isEmpty())) {
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> matchLabels = selector.path("matchLabels").fields();
        while (matchLabels.hasNext()) {
            Map.Entry<String, JsonNode> entry = matchLabels.next();
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            if (!satisfies(expression, labels.get(expression.path("key").asText()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean satisfies(JsonNode expression, JsonNode value) {
        List<String> values = new ArrayList<>();
        expression.path("values").forEach(v -> values.add(v.asText()));
        return switch (expression.path("operator").asText()) {
            case "In" -> value != null && values.contains(value.asText());
            case "NotIn" -> value == null || !values.contains(value.asText());
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
        };
    }

    /** Whether every label of {@code wanted} is on {@code labels} with the same value (a set-based selector). */
    public static boolean hasAll(JsonNode wanted, JsonNode labels) {
        Iterator<Map.Entry<String, JsonNode>> entries = wanted.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }
}
