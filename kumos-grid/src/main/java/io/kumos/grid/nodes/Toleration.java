package io.kumos.grid.nodes;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A pod's toleration ({@code spec.tolerations[]}), matched against a taint exactly as Kubernetes'
 * {@code ToleratesTaint} does: an empty effect matches every effect, an empty key every key, {@code Exists}
 * any value and {@code Equal} (or no operator) the same value. The scheduler (placement-service) and the taint
 * eviction (health-service) both match with it.
 *
 * @param seconds {@code tolerationSeconds}, or {@code null}: tolerated for ever
 */
public record Toleration(String key, String operator, String value, String effect, Long seconds) {

    public static Toleration of(JsonNode toleration) {
        JsonNode seconds = toleration.path("tolerationSeconds");
        return new Toleration(toleration.path("key").asText(""), toleration.path("operator").asText(""),
                toleration.path("value").asText(""), toleration.path("effect").asText(""),
                seconds.isNumber() ? seconds.asLong() : null);
    }

    /** The tolerations of a pod. */
    public static List<Toleration> ofPod(JsonNode pod) {
        List<Toleration> tolerations = new ArrayList<>();
        pod.path("spec").path("tolerations").forEach(toleration -> tolerations.add(of(toleration)));
        return tolerations;
    }

    public boolean tolerates(Taint taint) {
        if (!effect.isEmpty() && !effect.equals(taint.effect())) {
            return false;
        }
        if (!key.isEmpty() && !key.equals(taint.key())) {
            return false;
        }
        return switch (operator) {
            case "", "Equal" -> value.equals(taint.value());
            case "Exists" -> true;
            default -> false;
        };
    }
}
