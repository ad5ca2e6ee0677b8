package io.kumos.placement.scheduling.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One {@code nodeSelectorTerms[]} entry of a node affinity: all its {@code matchExpressions} (on the node's labels:
 * {@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist}, and {@code Gt}/{@code Lt}, which compare the
 * label as an integer) and {@code matchFields} (on {@code metadata.name}, {@code In}/{@code NotIn}) must hold. A
 * term with neither matches no node, as upstream has it.
 */
public record NodeSelectorTerm(List<LabelSelector.Requirement> expressions, List<LabelSelector.Requirement> fields) {

    public static NodeSelectorTerm of(JsonNode term) {
        return new NodeSelectorTerm(requirements(term.path("matchExpressions")),
                requirements(term.path("matchFields")));
    }

    private static List<LabelSelector.Requirement> requirements(JsonNode array) {
        List<LabelSelector.Requirement> requirements = new ArrayList<>();
        for (JsonNode expression : array) {
            requirements.add(new LabelSelector.Requirement(expression.path("key").asText(),
                    expression.path("operator").asText(), Json.strings(expression.path("values"))));
        }
        return requirements;
    }

    public boolean matches(String nodeName, Map<String, String> labels) {
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false;
        }
        return expressions.stream().allMatch(requirement -> matches(requirement, labels))
                && fields.stream().allMatch(requirement -> requirement.key().equals("metadata.name")
                        && requirement.matches(Map.of("metadata.name", nodeName)));
    }

    private static boolean matches(LabelSelector.Requirement requirement, Map<String, String> labels) {
        return switch (requirement.operator()) {
            case "Gt", "Lt" -> compares(requirement, labels.get(requirement.key()));
            default -> requirement.matches(labels);
        };
    }

    private static boolean compares(LabelSelector.Requirement requirement, String label) {
        if (label == null || requirement.values().size() != 1) {
            return false;
        }
        try {
            long value = Long.parseLong(label);
            long bound = Long.parseLong(requirement.values().get(0));
            return requirement.operator().equals("Gt") ? value > bound : value < bound;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
