package io.kumos.gateway.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * HorizontalPodAutoscalers, in their stored autoscaling/v2 form: at least one replica, 80% CPU utilisation when
 * no metric is named, a target and bounds that make sense.
 */
final class HorizontalPodAutoscalerRules implements KindRules {

    @Override
    public void applyDefaults(ObjectNode hpa) {
        ObjectNode spec = Nodes.object(hpa, "spec");
        Nodes.defaultInt(spec, "minReplicas", 1);
        if (spec.path("metrics").isEmpty()) {
            spec.putArray("metrics").addObject().put("type", "Resource").putObject("resource")
                    .put("name", "cpu").putObject("target").put("type", "Utilization").put("averageUtilization", 80);
        }
    }

    @Override
    public void prepareForCreate(ObjectNode hpa) {
        hpa.putObject("status").put("currentReplicas", 0).put("desiredReplicas", 0);
    }

    @Override
    public void validate(ObjectNode hpa, FieldErrors errors) {
        JsonNode spec = hpa.path("spec");
        for (String field : new String[] {"kind", "name"}) {
            if (spec.path("scaleTargetRef").path(field).asText("").isEmpty()) {
                errors.required("spec.scaleTargetRef." + field, "");
            }
        }
        JsonNode min = spec.path("minReplicas");
        JsonNode max = spec.path("maxReplicas");
        if (min.asLong() < 1) {
            errors.invalid("spec.minReplicas", min, "must be greater than or equal to 1");
        }
        if (!max.isIntegralNumber()) {
            errors.required("spec.maxReplicas", "");
        } else if (max.asLong() < min.asLong()) {
            errors.invalid("spec.maxReplicas", max, "must be greater than or equal to `minReplicas`");
        }
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }
}
