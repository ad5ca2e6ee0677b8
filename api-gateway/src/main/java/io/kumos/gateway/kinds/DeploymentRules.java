package io.kumos.gateway.kinds;

import static io.kumos.gateway.kinds.Nodes.defaultInt;
import static io.kumos.gateway.kinds.Nodes.defaultText;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** apps/v1 Deployments: replicas, strategy and history defaults; an immutable selector. */
final class DeploymentRules implements KindRules {

    private static final List<String> STRATEGIES = List.of("Recreate", "RollingUpdate");

    @Override
    public void applyDefaults(ObjectNode deployment) {
        ObjectNode spec = Nodes.object(deployment, "spec");
        defaultInt(spec, "replicas", 1);
        defaultInt(spec, "revisionHistoryLimit", 10);
        defaultInt(spec, "progressDeadlineSeconds", 600);
        ObjectNode strategy = Nodes.object(spec, "strategy");
        defaultText(strategy, "type", "RollingUpdate");
        if ("RollingUpdate".equals(strategy.path("type").asText())) {
            ObjectNode rolling = Nodes.object(strategy, "rollingUpdate");
            defaultText(rolling, "maxUnavailable", "25%");
            defaultText(rolling, "maxSurge", "25%");
        }
        Templates.applyDefaults(spec);
    }

    @Override
    public void prepareForCreate(ObjectNode deployment) {
        deployment.putObject("status");
    }

    @Override
    public void validate(ObjectNode deployment, FieldErrors errors) {
        JsonNode spec = deployment.path("spec");
        Templates.validateReplicated(spec, errors);
        JsonNode type = spec.path("strategy").path("type");
        if (!STRATEGIES.contains(type.asText())) {
            errors.notSupported("spec.strategy.type", type, STRATEGIES);
        } else if ("Recreate".equals(type.asText()) && spec.path("strategy").has("rollingUpdate")) {
            errors.forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'");
        }
        if (!spec.path("template").path("spec").path("restartPolicy").asText().equals("Always")) {
            errors.notSupported("spec.template.spec.restartPolicy", spec.path("template").path("spec")
                    .path("restartPolicy"), List.of("Always"));
        }
    }

    @Override
    public void validateUpdate(ObjectNode deployment, JsonNode old, FieldErrors errors) {
        Templates.selectorIsImmutable(deployment, old, errors);
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }
}
