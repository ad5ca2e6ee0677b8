package io.kumos.placement.scheduling.framework;

import java.util.Comparator;

/** Orders the active queue: which pending pod is scheduled first. Exactly one per profile. */
public interface QueueSortPlugin extends Plugin, Comparator<QueuedPod> {
}
