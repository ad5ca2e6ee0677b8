package io.kumos.placement.workloads;

import com.fasterxml.jackson.databind.JsonNode;

/** The replica counts of a ReplicaSet or Deployment: {@code spec.replicas} (default 1) and the status counters. */
public final class Replicas {

    private Replicas() {
    }

    public static int desired(JsonNode object) {
        JsonNode replicas = object.path("spec").path("replicas");
        return replicas.isIntegralNumber() ? replicas.asInt() : 1;
    }

    public static int current(JsonNode object) {
        return object.path("status").path("replicas").asInt(0);
    }

    public static int ready(JsonNode object) {
        return object.path("status").path("readyReplicas").asInt(0);
    }

    public static int available(JsonNode object) {
        return object.path("status").path("availableReplicas").asInt(0);
    }

    public static int minReadySeconds(JsonNode object) {
        return object.path("spec").path("minReadySeconds").asInt(0);
    }
}
