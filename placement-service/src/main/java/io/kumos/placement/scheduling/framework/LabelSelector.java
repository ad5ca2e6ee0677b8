package io.kumos.placement.scheduling.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A {@code metav1.LabelSelector} as the scheduler reads it (affinity terms, spread constraints): a missing selector
 * selects nothing, an empty one ({@code {}}) everything; {@code matchLabels} and the {@code In}, {@code NotIn},
 * {@code Exists} and {@code DoesNotExist} expressions must all hold.
 */
public record LabelSelector(List<Requirement> requirements, boolean nothing) {

    public static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

    /** One requirement: a label key, an operator and its values. */
    public record Requirement(String key, String operator, List<String> values) {

        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
        }
    }

    public static LabelSelector of(JsonNode selector) {
        if (selector == null || !selector.isObject()) {
            return NOTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        selector.path("matchLabels").fields().forEachRemaining(entry -> requirements.add(
                new Requirement(entry.getKey(), "In", List.of(entry.getValue().asText()))));
        for (JsonNode expression : selector.path("matchExpressions")) {
            requirements.add(new Requirement(expression.path("key").asText(), expression.path("operator").asText(),
                    Json.strings(expression.path("values"))));
        }
        return new LabelSelector(requirements, false);
    }

    /**
     * The one label this selector asks for, when that is all it asks ({@code matchLabels} of one entry, or one
     * {@code In} of one value: the usual selector of an app's pods), else null: then counts can be looked up.
     */
    public Requirement singleLabel() {
        if (nothing || requirements.size() != 1) {
            return null;
        }
        Requirement only = requirements.get(0);
        return only.operator().equals("In") && only.values().size() == 1 ? only : null;
    }

    public boolean matches(Map<String, String> labels) {
        if (nothing) {
            return false;
        }
        for (Requirement requirement : requirements) { // a loop, not a stream: called for every pod of every node
            if (!requirement.matches(labels)) {
                return false;
            }
        }
        return true;
    }
}
