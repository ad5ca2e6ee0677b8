package io.kumos.placement.scheduling.framework;

/**
 * Told that the pod is going to the node, before it is bound (to keep what the pod will use), and told again, by
 * {@link #unreserve}, if it does not go after all. Called by the scheduler's thread.
 */
public interface ReservePlugin extends Plugin {

    Status reserve(CycleState state, PodInfo pod, String node);

    void unreserve(CycleState state, PodInfo pod, String node);
}
