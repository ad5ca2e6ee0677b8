package io.kumos.agent.pods;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the agent knows of one container of a pod's spec at the end of a pass: its latest Docker container and the
 * one before (for {@code lastState} and {@code logs --previous}), why it waits if it does, and its probes' verdict.
 *
 * @param current  the latest attempt, or {@code null} if none was created
 * @param previous the attempt before it, or {@code null}
 * @param waiting  why it is not running now, when the agent knows better than the engine ({@code CrashLoopBackOff},
 *                 {@code ErrImagePull}, …), or {@code null}
 * @param ready    its readiness probe passes (or it has none) and it runs
 * @param started  its startup probe passed (or it has none) and it runs
 */
record ContainerView(JsonNode spec, ContainerLabels.Type type, RuntimeContainer current, RuntimeContainer previous,
        Waiting waiting, boolean ready, boolean started) {

    /** A waiting state's reason and message. */
    record Waiting(String reason, String message) {
    }

    String name() {
        return spec.path("name").asText();
    }

    /** The container that the status's {@code lastState} describes. */
    RuntimeContainer lastTerminated() {
        if (current != null && current.finished() && waiting != null) {
            return current;
        }
        return previous != null && previous.finished() ? previous : null;
    }
}
