package io.kumos.gateway.kinds;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** ConfigMaps and Secrets: data that is frozen once marked immutable; a secret's type and write-only stringData. */
final class DataRules implements KindRules {

    private final boolean secret;

    DataRules(boolean secret) {
        this.secret = secret;
    }

    /** A secret's {@code type} defaults to Opaque; {@code stringData} is merged into {@code data} as base64. */
    @Override
    public void applyDefaults(ObjectNode object) {
        if (!secret) {
            return;
        }
        Nodes.defaultText(object, "type", "Opaque");
        JsonNode stringData = object.remove("stringData");
        if (stringData instanceof ObjectNode strings && !strings.isEmpty()) {
            ObjectNode data = Nodes.object(object, "data");
            strings.fields().forEachRemaining(entry -> data.put(entry.getKey(), Base64.getEncoder()
                    .encodeToString(entry.getValue().asText().getBytes(StandardCharsets.UTF_8))));
        }
    }

    @Override
    public void validateUpdate(ObjectNode object, JsonNode old, FieldErrors errors) {
        if (secret) {
            errors.immutable("type", object.path("type"), old.path("type"));
        }
        if (old.path("immutable").asBoolean(false)) {
            errors.immutable("immutable", object.path("immutable"), old.path("immutable"));
            if (!object.path("data").equals(old.path("data"))
                    || !object.path("binaryData").equals(old.path("binaryData"))) {
                errors.forbidden("data", "field is immutable when `immutable` is set");
            }
        }
    }
}
