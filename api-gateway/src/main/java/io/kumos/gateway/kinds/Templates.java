package io.kumos.gateway.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The selector and pod template that deployments, replica sets and jobs share. */
final class Templates {

    private Templates() {
    }

    static void applyDefaults(ObjectNode spec) {
        ObjectNode template = Nodes.object(spec, "template");
        PodSpecs.applyDefaults(Nodes.object(template, "spec"));
    }

    /** A selector is required, non-empty, and must select the template's own labels. */
    static void validateSelector(JsonNode spec, String path, FieldErrors errors) {
        JsonNode selector = spec.path("selector");
        if (!selector.isObject()) {
            errors.required(path + ".selector", "");
            return;
        }
        if (LabelSelectors.isEmpty(selector)) {
            errors.invalid(path + ".selector", selector, "empty selector is invalid for deployment");
        }
        JsonNode labels = spec.path("template").path("metadata").path("labels");
        if (!LabelSelectors.matches(selector, labels)) {
            errors.invalid(path + ".template.metadata.labels", labels, "`selector` does not match template `labels`");
        }
    }

    static void validateTemplate(JsonNode spec, String path, FieldErrors errors) {
        PodSpecs.validate(spec.path("template").path("spec"), path + ".template.spec", errors);
    }

    /** What deployments and replica sets share: replicas, a selector that selects the template, the template. */
    static void validateReplicated(JsonNode spec, FieldErrors errors) {
        nonNegative(spec, "replicas", "spec", errors);
        validateSelector(spec, "spec", errors);
        validateTemplate(spec, "spec", errors);
    }

    /** The selector of a workload is fixed at creation (apps/v1, batch/v1). */
    static void selectorIsImmutable(JsonNode object, JsonNode old, FieldErrors errors) {
        errors.immutable("spec.selector", object.path("spec").path("selector"), old.path("spec").path("selector"));
    }

    static void nonNegative(JsonNode parent, String field, String path, FieldErrors errors) {
        JsonNode value = parent.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return;
        }
        if (!value.isIntegralNumber() || value.asLong() < 0) {
            errors.invalid(path + "." + field, value, "must be greater than or equal to 0");
        }
    }
}
