package io.kumos.placement.scheduling.plugins;

import java.util.Comparator;

import io.kumos.placement.scheduling.framework.QueueSortPlugin;
import io.kumos.placement.scheduling.framework.QueuedPod;

/**
 * The queue order of upstream's PrioritySort: higher {@code spec.priority} first, then the one queued earlier; among
 * pods queued at once (the first pass after a start), the older pod, then by namespace and name, so that the order
 * is repeatable.
 */
public final class PrioritySort implements QueueSortPlugin {

    public static final String NAME = "PrioritySort";

    private static final Comparator<QueuedPod> ORDER = Comparator
            .comparingInt((QueuedPod queued) -> -queued.pod().priority())
            .thenComparing(QueuedPod::timestamp)
            .thenComparing(queued -> queued.pod().json().path("metadata").path("creationTimestamp").asText())
            .thenComparing(queued -> queued.pod().key());

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int compare(QueuedPod a, QueuedPod b) {
        return ORDER.compare(a, b);
    }
}
