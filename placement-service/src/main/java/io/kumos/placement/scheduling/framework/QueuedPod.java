package io.kumos.placement.scheduling.framework;

import java.time.Instant;

/**
 * A pending pod in the scheduling queue.
 *
 * @param timestamp when it entered the queue (kept across attempts: the queue's order among equal priorities)
 * @param attempts  how many scheduling attempts failed so far (its back-off grows with them)
 */
public record QueuedPod(PodInfo pod, Instant timestamp, int attempts) {

    public QueuedPod withPod(PodInfo newer) {
        return new QueuedPod(newer, timestamp, attempts);
    }

    public QueuedPod failedOnce() {
        return new QueuedPod(pod, timestamp, attempts + 1);
    }
}
