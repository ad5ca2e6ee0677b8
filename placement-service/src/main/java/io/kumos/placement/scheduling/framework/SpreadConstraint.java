package io.kumos.placement.scheduling.framework;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A {@code topologySpreadConstraints[]} entry.
 *
 * @param hard              {@code whenUnsatisfiable: DoNotSchedule} (a filter), else {@code ScheduleAnyway} (a score)
 * @param minDomains        fewer eligible domains than this count as a global minimum of 0 (hard ones only); 1 if
 *                          unset
 * @param honorNodeAffinity {@code nodeAffinityPolicy} (default Honor): only nodes that match the pod's node affinity
 *                          and selector count
 * @param honorTaints       {@code nodeTaintsPolicy} (default Ignore): only nodes whose taints the pod tolerates count
 */
public record SpreadConstraint(int maxSkew, String topologyKey, boolean hard, LabelSelector selector,
        int minDomains, boolean honorNodeAffinity, boolean honorTaints) {

    public static SpreadConstraint of(JsonNode constraint) {
        return new SpreadConstraint(constraint.path("maxSkew").asInt(1), constraint.path("topologyKey").asText(),
                !"ScheduleAnyway".equals(constraint.path("whenUnsatisfiable").asText()),
                LabelSelector.of(constraint.get("labelSelector")), constraint.path("minDomains").asInt(1),
                !"Ignore".equals(constraint.path("nodeAffinityPolicy").asText()),
                "Honor".equals(constraint.path("nodeTaintsPolicy").asText()));
    }
}
