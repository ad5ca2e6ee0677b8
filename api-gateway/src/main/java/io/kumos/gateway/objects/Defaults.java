package io.kumos.gateway.objects;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Kubernetes' defaulting for the kinds served, applied to every create and update. */
final class Defaults {

    private Defaults() {
    }

    static void apply(ObjectNode object) {
        switch (object.path("kind").asText()) {
            case "Secret" -> secret(object);
            case "Namespace" -> namespace(object);
            default -> {
            }
        }
    }

    /** {@code type} defaults to Opaque; {@code stringData} is write-only, merged into {@code data} as base64. */
    private static void secret(ObjectNode secret) {
        if (secret.path("type").asText("").isEmpty()) {
            secret.put("type", "Opaque");
        }
        JsonNode stringData = secret.remove("stringData");
        if (stringData instanceof ObjectNode strings && !strings.isEmpty()) {
            ObjectNode data = secret.get("data") instanceof ObjectNode existing ? existing : secret.putObject("data");
            for (Iterator<Map.Entry<String, JsonNode>> it = strings.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                data.put(entry.getKey(), Base64.getEncoder()
                        .encodeToString(entry.getValue().asText().getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private static void namespace(ObjectNode namespace) {
        ObjectNode spec = namespace.get("spec") instanceof ObjectNode s ? s : namespace.putObject("spec");
        if (!spec.has("finalizers")) {
            spec.putArray("finalizers").add("kubernetes");
        }
        ObjectNode status = namespace.get("status") instanceof ObjectNode s ? s : namespace.putObject("status");
        if (!status.has("phase")) {
            status.put("phase", "Active");
        }
    }
}
