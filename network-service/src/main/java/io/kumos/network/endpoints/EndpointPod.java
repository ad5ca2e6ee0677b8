package io.kumos.network.endpoints;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A pod as an endpoint sees it: where it is reached, whether it is ready, whether it is going away. Pods without an
 * address yet and pods that have finished (Succeeded, Failed) are no endpoints at all.
 *
 * @param ip          {@code status.podIP}
 * @param ready       its {@code Ready} condition is {@code True}
 * @param terminating it has a {@code deletionTimestamp}
 */
record EndpointPod(JsonNode pod, String ip, boolean ready, boolean terminating) {

    /** The pod as an endpoint, or empty if it has no address or has finished. */
    static Optional<EndpointPod> of(JsonNode pod) {
        JsonNode status = pod.path("status");
        String ip = status.path("podIP").asText("");
        if (ip.isEmpty()) {
            ip = status.path("podIPs").path(0).path("ip").asText("");
        }
        String phase = status.path("phase").asText("");
        if (ip.isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
            return Optional.empty();
        }
        boolean ready = false;
        for (JsonNode condition : status.path("conditions")) {
            if (condition.path("type").asText().equals("Ready")) {
                ready = condition.path("status").asText().equals("True");
            }
        }
        return Optional.of(new EndpointPod(pod, ip, ready, pod.path("metadata").has("deletionTimestamp")));
    }

    String namespace() {
        return pod.path("metadata").path("namespace").asText("");
    }

    String name() {
        return pod.path("metadata").path("name").asText("");
    }

    String uid() {
        return pod.path("metadata").path("uid").asText("");
    }

    String nodeName() {
        return pod.path("spec").path("nodeName").asText("");
    }

    /** The {@code targetRef} of its endpoints: the pod behind the address. */
    ObjectNode targetRef() {
        return JsonNodeFactory.instance.objectNode().put("kind", "Pod").put("namespace", namespace())
                .put("name", name()).put("uid", uid());
    }

    /**
     * Its hostname within the Service's DNS name, if it names one and the Service is its subdomain (the pods of a
     * StatefulSet's headless Service).
     */
    Optional<String> hostnameUnder(String service) {
        String hostname = pod.path("spec").path("hostname").asText("");
        return !hostname.isEmpty() && pod.path("spec").path("subdomain").asText("").equals(service)
                ? Optional.of(hostname)
                : Optional.empty();
    }
}
