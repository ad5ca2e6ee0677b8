package io.kumos.placement.scheduling.framework;

/**
 * The last word before the bind: {@link Status#success()} lets it go, a rejection sends the pod back to the queue.
 * Upstream's {@code Wait} (gang scheduling) is not supported. Called by the scheduler's thread.
 */
public interface PermitPlugin extends Plugin {

    Status permit(CycleState state, PodInfo pod, String node);
}
