package io.kumos.placement.scheduling.framework;

import java.util.Map;

/**
 * Called when no node passed the filters, with each node's rejection: may make room (upstream's preemption) and
 * says what it found; its message is added to the FailedScheduling message after {@code preemption: }-like prefix
 * of its own.
 */
public interface PostFilterPlugin extends Plugin {

    Status postFilter(CycleState state, PodInfo pod, Snapshot snapshot, Map<String, Status> rejections);
}
