package io.kumos.network.endpoints;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Service whose endpoints the controller maintains: one with a non-empty selector, not of type ExternalName. A
 * Service without a selector has its Endpoints written by its user, which the controller leaves alone.
 */
record SelectingService(JsonNode service) {

    /** The label of headless Services' Endpoints and EndpointSlices. */
    static final String HEADLESS_LABEL = "service.kubernetes.io/headless";

    static Optional<SelectingService> of(JsonNode service) {
        JsonNode spec = service.path("spec");
        if (spec.path("selector").isEmpty() || spec.path("type").asText("").equals("ExternalName")) {
            return Optional.empty();
        }
        return Optional.of(new SelectingService(service));
    }

    String namespace() {
        return service.path("metadata").path("namespace").asText("");
    }

    String name() {
        return service.path("metadata").path("name").asText("");
    }

    String uid() {
        return service.path("metadata").path("uid").asText("");
    }

    boolean headless() {
        return service.path("spec").path("clusterIP").asText("").equals("None");
    }

    /** {@code spec.publishNotReadyAddresses}: every pod is ready as far as its endpoints go. */
    boolean publishesNotReady() {
        return service.path("spec").path("publishNotReadyAddresses").asBoolean(false);
    }

    /** Whether the selector matches the pod: same namespace, every label of the selector on the pod. */
    boolean selects(JsonNode pod) {
        if (!pod.path("metadata").path("namespace").asText("").equals(namespace())) {
            return false;
        }
        JsonNode labels = pod.path("metadata").path("labels");
        for (Map.Entry<String, JsonNode> wanted : service.path("spec").path("selector").properties()) {
            if (!labels.path(wanted.getKey()).isTextual()
                    || !labels.path(wanted.getKey()).asText().equals(wanted.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    /** The Service's labels, plus the headless label if it is headless, as both controllers copy them. */
    ObjectNode labelsWith(String key, String value) {
        ObjectNode labels = JsonNodeFactory.instance.objectNode();
        service.path("metadata").path("labels").properties().forEach(l -> labels.set(l.getKey(), l.getValue()));
        if (headless()) {
            labels.put(HEADLESS_LABEL, "");
        }
        labels.put(key, value);
        return labels;
    }
}
