package io.kumos.agent.pods;

import java.time.Instant;

/**
 * One Docker container of a pod, as the engine reports it.
 *
 * @param state      the engine's state: {@code created}, {@code running}, {@code exited}, {@code dead}, …
 * @param exitCode   the exit code once it stopped
 * @param error      the engine's error when it could not start the process (command not found, …), else empty
 * @param ip         the sandbox's address on the node's pod network, else empty
 */
public record RuntimeContainer(String id, PodRef pod, String name, ContainerLabels.Type type, int attempt, String state,
        long exitCode, boolean oomKilled, String error, Instant startedAt, Instant finishedAt, String image,
        String imageId, String ip) {

    public boolean running() {
        return "running".equals(state);
    }

    /** Whether it ran (or failed to start) and is over; a container still being created is neither. */
    boolean finished() {
        return "exited".equals(state) || "dead".equals(state) || "created".equals(state) && !error.isEmpty();
    }

    boolean succeeded() {
        return finished() && exitCode == 0 && error.isEmpty();
    }
}
