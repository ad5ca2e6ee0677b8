package io.kumos.placement.scheduling.framework;

import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a pod asks of a node, computed as upstream's {@code PodRequests}: the sum of its containers' requests; init
 * containers run one after another, so the largest counts if it is larger, except sidecars (init containers with
 * {@code restartPolicy: Always}), which keep running and add up with everything started after them; then the pod's
 * {@code overhead} is added. A container with limits but no requests asks its limits (as API defaulting sets them).
 * Pure.
 */
public final class PodRequests {

    /** What the scheduler counts for a container that asks no CPU, for scoring only (100m). */
    public static final long DEFAULT_MILLI_CPU = 100;
    /** What the scheduler counts for a container that asks no memory, for scoring only (200 MiB). */
    public static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

    private PodRequests() {
    }

    /** The pod's requests, for fit. */
    public static Resources of(JsonNode pod) {
        return of(pod, UnaryOperator.identity());
    }

    /**
     * The pod's requests with each container that asks no CPU or memory counted at the defaults, for the scores (so
     * that pods asking nothing still spread).
     */
    public static Resources nonZero(JsonNode pod) {
        return of(pod, requests -> requests.withDefault(Resources.CPU, DEFAULT_MILLI_CPU)
                .withDefault(Resources.MEMORY, DEFAULT_MEMORY));
    }

    private static Resources of(JsonNode pod, UnaryOperator<Resources> perContainer) {
        JsonNode spec = pod.path("spec");
        Resources requests = Resources.NONE;
        for (JsonNode container : spec.path("containers")) {
            requests = requests.plus(perContainer.apply(container(container)));
        }
        Resources sidecars = Resources.NONE;
        Resources largestInit = Resources.NONE;
        for (JsonNode container : spec.path("initContainers")) {
            Resources asked = perContainer.apply(container(container));
            Resources whileRunning;
            if ("Always".equals(container.path("restartPolicy").asText())) {
                requests = requests.plus(asked);
                sidecars = sidecars.plus(asked);
                whileRunning = sidecars;
            } else {
                whileRunning = asked.plus(sidecars);
            }
            largestInit = largestInit.max(whileRunning);
        }
        return requests.max(largestInit).plus(Resources.of(spec.path("overhead")));
    }

    /** A container's requests; a resource it limits but does not request is requested at its limit. */
    private static Resources container(JsonNode container) {
        JsonNode resources = container.path("resources");
        Resources requests = Resources.of(resources.path("requests"));
        Resources limits = Resources.of(resources.path("limits"));
        for (String name : limits.names()) {
            if (!requests.names().contains(name)) {
                requests = requests.plus(new Resources(Map.of(name, limits.get(name))));
            }
        }
        return requests;
    }
}
