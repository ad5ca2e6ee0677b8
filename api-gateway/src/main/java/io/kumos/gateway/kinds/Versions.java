package io.kumos.gateway.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Conversion between the version a resource is served in and the one it is stored in. Only
 * HorizontalPodAutoscalers have two: stored as autoscaling/v2, also served as autoscaling/v1, whose single CPU
 * target maps to a v2 Resource metric (other v2 metrics are not visible through v1).
 */
public final class Versions {

    private static final String HPA = "HorizontalPodAutoscaler";
    private static final String V1 = "autoscaling/v1";
    private static final String V2 = "autoscaling/v2";

    private Versions() {
    }

    /** The object as stored, from the version it was sent in. */
    public static ObjectNode toStored(String apiVersion, ObjectNode object) {
        if (!V1.equals(apiVersion) || !HPA.equals(object.path("kind").asText())) {
            return object;
        }
        object.put("apiVersion", V2);
        ObjectNode spec = Nodes.object(object, "spec");
        JsonNode target = spec.remove("targetCPUUtilizationPercentage");
        if (target != null && !target.isNull()) {
            ArrayNode metrics = spec.putArray("metrics");
            metrics.addObject().put("type", "Resource").putObject("resource").put("name", "cpu")
                    .putObject("target").put("type", "Utilization").put("averageUtilization", target.asInt());
        }
        if (object.get("status") instanceof ObjectNode status) {
            JsonNode current = status.remove("currentCPUUtilizationPercentage");
            if (current != null && !current.isNull()) {
                status.putArray("currentMetrics").addObject().put("type", "Resource").putObject("resource")
                        .put("name", "cpu").putObject("current").put("averageUtilization", current.asInt());
            }
        }
        return object;
    }

    /** The stored object in the version it is asked for. */
    /** Whether objects of that kind are served in that version exactly as they are stored. */
    public static boolean servedAsStored(String apiVersion, String kind) {
        return !V1.equals(apiVersion) || !HPA.equals(kind);
    }

    public static JsonNode toServed(String apiVersion, JsonNode stored) {
        if (!V1.equals(apiVersion) || !HPA.equals(stored.path("kind").asText())) {
            return stored;
        }
        ObjectNode object = stored.deepCopy();
        object.put("apiVersion", V1);
        ObjectNode spec = Nodes.object(object, "spec");
        JsonNode metrics = spec.remove("metrics");
        spec.remove("behavior");
        cpu(metrics, "target").ifPresent(value -> spec.put("targetCPUUtilizationPercentage", value));
        if (object.get("status") instanceof ObjectNode status) {
            JsonNode current = status.remove("currentMetrics");
            status.remove("conditions");
            cpu(current, "current").ifPresent(value -> status.put("currentCPUUtilizationPercentage", value));
        }
        return object;
    }

    private static java.util.OptionalInt cpu(JsonNode metrics, String field) {
        if (metrics == null) {
            return java.util.OptionalInt.empty();
        }
        for (JsonNode metric : metrics) {
            JsonNode resource = metric.path("resource");
            if ("Resource".equals(metric.path("type").asText()) && "cpu".equals(resource.path("name").asText())
                    && resource.path(field).has("averageUtilization")) {
                return java.util.OptionalInt.of(resource.path(field).path("averageUtilization").asInt());
            }
        }
        return java.util.OptionalInt.empty();
    }
}
