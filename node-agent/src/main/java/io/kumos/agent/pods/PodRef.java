package io.kumos.agent.pods;

import com.fasterxml.jackson.databind.JsonNode;

/** Which pod: its namespace, name and uid (a pod recreated under the same name is another pod). */
public record PodRef(String namespace, String name, String uid) {

    static PodRef of(JsonNode pod) {
        JsonNode metadata = pod.path("metadata");
        return new PodRef(metadata.path("namespace").asText(), metadata.path("name").asText(),
                metadata.path("uid").asText());
    }

    /** The API path of the pod. */
    String path() {
        return "/api/v1/namespaces/" + namespace + "/pods/" + name;
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
