package io.kumos.placement.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The pods a controller makes from its pod template, as upstream's {@code GetPodFromTemplate}: labels and
 * annotations of the template, the template's spec, the controller reference, and a name the api-gateway
 * generates from {@code <owner>-} and five random characters.
 */
public final class PodTemplates {

    /** Upstream leaves room for the 5 random characters in a 63-character name. */
    private static final int MAX_PREFIX = 58;

    private PodTemplates() {
    }

    public static ObjectNode pod(JsonNode owner, Kind ownerKind, JsonNode template) {
        ObjectNode pod = JsonNodeFactory.instance.objectNode();
        pod.put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata");
        metadata.put("generateName", generateName(Metadata.name(owner)));
        metadata.put("namespace", Metadata.namespace(owner));
        JsonNode templateMetadata = template.path("metadata");
        if (templateMetadata.path("labels").isObject()) {
            metadata.set("labels", templateMetadata.path("labels").deepCopy());
        }
        if (templateMetadata.path("annotations").isObject() && !templateMetadata.path("annotations").isEmpty()) {
            metadata.set("annotations", templateMetadata.path("annotations").deepCopy());
        }
        if (templateMetadata.path("finalizers").isArray() && !templateMetadata.path("finalizers").isEmpty()) {
            metadata.set("finalizers", templateMetadata.path("finalizers").deepCopy());
        }
        metadata.putArray("ownerReferences").add(OwnerReferences.controllerReference(owner, ownerKind));
        pod.set("spec", template.path("spec").deepCopy());
        return pod;
    }

    static String generateName(String owner) {
        String prefix = owner + "-";
        return prefix.length() > MAX_PREFIX ? prefix.substring(0, MAX_PREFIX) : prefix;
    }
}
